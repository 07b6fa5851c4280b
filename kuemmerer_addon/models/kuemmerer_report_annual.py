# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Anonymous figures for the annual report, its XLSX export and the dashboard.

Every figure is a count (or an average/share with the count it is based on);
no section ever carries a name, an address or a free text. Further features
add their own section by overriding ``_kuemmerer_report_sections``::

    def _kuemmerer_report_sections(self, date_from, date_to, quarters):
        sections = super()._kuemmerer_report_sections(date_from, date_to, quarters)
        sections.append(self._kuemmerer_section_shifts(date_from, date_to, quarters))
        return sections

A section is a dict built with ``_kuemmerer_section``; a cell is an ``int``
(a number of people or cases) or ``self._kuemmerer_cell(value, base, unit)``
for an average or share computed from ``base`` people or cases.
"""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from ..const import MANAGER

MIN_CELL = 3  # cells with fewer people are shown as "< 3"
MASKED = "< 3"


class KuemmererReportAnnual(models.AbstractModel):
    _name = "kuemmerer.report.annual"
    _description = "Annual Activity Report"

    # ------------------------------------------------------------
    # SECTIONS (extension point)
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_report_sections(self, date_from, date_to, quarters):
        """All sections of the report for the period and quarters (empty
        recordset = all quarters). Override to add sections."""
        return [
            self._kuemmerer_section_overview(date_from, date_to, quarters),
            self._kuemmerer_section_needs_by(
                "category_id", date_from, date_to, quarters
            ),
            self._kuemmerer_section_needs_by(
                "quarter_id", date_from, date_to, quarters
            ),
            self._kuemmerer_section_needs_by_month(date_from, date_to, quarters),
            self._kuemmerer_section_needs_by("source", date_from, date_to, quarters),
            self._kuemmerer_section_needs_by("state", date_from, date_to, quarters),
            self._kuemmerer_section_steps(date_from, date_to, quarters),
            self._kuemmerer_section_contacts_by_channel(date_from, date_to, quarters),
            self._kuemmerer_section_contacts_by_month(date_from, date_to, quarters),
        ]

    # ------------------------------------------------------------
    # TOOLS for sections
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_section(
        self,
        key,
        title,
        label,
        rows,
        columns=None,
        chart=False,
        dashboard=False,
        note=None,
    ):
        """One table of the report: ``rows`` is a list of (row label, [cells])."""
        return {
            "key": key,
            "title": title,
            "label": label,
            "columns": columns or [self.env._("Number")],
            "rows": rows,
            "chart": chart,
            "dashboard": dashboard,
            "note": note,
        }

    @api.model
    def _kuemmerer_cell(self, value, base, unit):
        """An average (``unit`` 'days') or a share ('percent') computed from
        ``base`` people or cases: masked like a count of ``base``."""
        return {"value": value, "base": base, "unit": unit}

    @api.model
    def _kuemmerer_mask(self, cell):
        """The text printed for a cell: counts of 1 or 2 and figures based on
        1 or 2 people are hidden so that nobody can be recognised. A count
        becomes "< 3"; an average or a share says that it is hidden (a "< 3"
        there would read as "fewer than 3 days" or "fewer than 3 %")."""
        if isinstance(cell, dict):
            base = cell["base"]
            if not base:
                return "–"
            if base < MIN_CELL:
                return self._kuemmerer_masked_figure()
            if cell["unit"] == "percent":
                return "{} %".format(self._kuemmerer_format_number(cell["value"], 0))
            return self._kuemmerer_format_number(cell["value"], 1)
        cell = int(cell or 0)
        if 0 < cell < MIN_CELL:
            return MASKED
        return str(cell)

    @api.model
    def _kuemmerer_masked_figure(self):
        """The text of a hidden average or share."""
        return self.env._("hidden (fewer than 3 cases)")

    @api.model
    def _kuemmerer_is_masked(self, cell):
        count = cell["base"] if isinstance(cell, dict) else int(cell or 0)
        return 0 < count < MIN_CELL

    @api.model
    def _kuemmerer_format_number(self, value, digits):
        text = ("%%.%df" % digits) % (value or 0.0)
        return text.replace(".", ",")

    @api.model
    def _kuemmerer_bar_width(self, section, cell):
        """Width in percent of the bar for ``cell`` in a chart section (0 for
        masked cells: a bar would show the hidden number)."""
        if isinstance(cell, dict) or self._kuemmerer_is_masked(cell):
            return 0
        values = [
            row_cells[0]
            for _label, row_cells in section["rows"]
            if not isinstance(row_cells[0], dict)
            and not self._kuemmerer_is_masked(row_cells[0])
        ]
        top = max(values or [0])
        return int(round(100.0 * cell / top)) if top else 0

    @api.model
    def _kuemmerer_previous_period(self, date_from, date_to):
        return date_from - relativedelta(years=1), date_to - relativedelta(years=1)

    @api.model
    def _kuemmerer_quarter_domain(self, quarters, field="quarter_id"):
        return [(field, "in", quarters.ids)] if quarters else []

    @api.model
    def _kuemmerer_datetime_range(self, field, date_from, date_to):
        return [
            (field, ">=", datetime.combine(date_from, time.min)),
            (field, "<=", datetime.combine(date_to, time.max)),
        ]

    @api.model
    def _kuemmerer_selection_label(self, model, fname, value):
        selection = dict(
            self.env[model]._fields[fname]._description_selection(self.env)
        )
        return selection.get(value, value or self.env._("Not set"))

    @api.model
    def _kuemmerer_months(self, date_from, date_to):
        month = date_from.replace(day=1)
        while month <= date_to:
            yield month
            month += relativedelta(months=1)

    @api.model
    def _kuemmerer_month_label(self, month):
        return format_date(self.env, month, date_format="MMMM yyyy")

    @api.model
    def _kuemmerer_rows_by_month(self, groups, date_from, date_to):
        counts = {}
        for month, count in groups:
            key = (month.year, month.month) if month else None
            counts[key] = counts.get(key, 0) + count
        return [
            (
                self._kuemmerer_month_label(month),
                [counts.get((month.year, month.month), 0)],
            )
            for month in self._kuemmerer_months(date_from, date_to)
        ]

    # ------------------------------------------------------------
    # SECTIONS: needs, help chains, contacts
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_need_domain(self, date_from, date_to, quarters):
        return [
            ("date_detected", ">=", date_from),
            ("date_detected", "<=", date_to),
            *self._kuemmerer_quarter_domain(quarters),
        ]

    @api.model
    def _kuemmerer_overview_figures(self, date_from, date_to, quarters):
        """{key: cell} of the key figures for one period (a fixed number of
        queries, whatever the number of records)."""
        quarter_domain = self._kuemmerer_quarter_domain(quarters)
        needs = self._kuemmerer_need_figures(date_from, date_to, quarters)
        detected, resolved = needs["detected"], needs["resolved"]
        [(contacts, residents_reached)] = self.env["kuemmerer.contact"]._read_group(
            self._kuemmerer_datetime_range("date", date_from, date_to) + quarter_domain,
            [],
            ["__count", "partner_id:count_distinct"],
        )
        chains = self.env["kuemmerer.help.chain"].search_count(
            [
                ("date_start", ">=", date_from),
                ("date_start", "<=", date_to),
                *quarter_domain,
            ]
        )
        referrals = self.env["kuemmerer.help.step"].search_count(
            self._kuemmerer_datetime_range("date_sent", date_from, date_to)
            + quarter_domain
        )
        return {
            "residents_reached": residents_reached,
            "contacts": contacts,
            "needs_detected": detected,
            "needs_resolved": resolved,
            "share_resolved": self._kuemmerer_cell(
                100.0 * needs["resolved_of_detected"] / detected if detected else 0.0,
                detected,
                "percent",
            ),
            "chains_started": chains,
            "referrals_sent": referrals,
            "days_to_first_step": self._kuemmerer_cell(
                needs["first_avg"] or 0.0, needs["first_count"], "days"
            ),
            "days_to_resolution": self._kuemmerer_cell(
                needs["resolution_avg"] or 0.0, resolved, "days"
            ),
            "needs_with_overdue_step": needs["with_overdue"],
        }

    @api.model
    def _kuemmerer_need_figures(self, date_from, date_to, quarters):
        """The needs' counts and averages of the key figures (three queries)."""
        Need = self.env["kuemmerer.need"]
        need_domain = self._kuemmerer_need_domain(date_from, date_to, quarters)
        detected, resolved_of_detected, with_overdue = 0, 0, 0
        for state, has_overdue, count in Need._read_group(
            need_domain, ["state", "has_overdue_step"], ["__count"]
        ):
            detected += count
            if state == "resolved":
                resolved_of_detected += count
            if has_overdue:
                with_overdue += count
        [(first_count, first_avg)] = Need._read_group(
            need_domain + [("date_first_step", "!=", False)],
            [],
            ["__count", "days_to_first_step:avg"],
        )
        [(resolved, resolution_avg)] = Need._read_group(
            [
                ("state", "=", "resolved"),
                ("date_resolved", ">=", date_from),
                ("date_resolved", "<=", date_to),
                *self._kuemmerer_quarter_domain(quarters),
            ],
            [],
            ["__count", "days_to_resolution:avg"],
        )
        return {
            "detected": detected,
            "resolved_of_detected": resolved_of_detected,
            "with_overdue": with_overdue,
            "first_count": first_count,
            "first_avg": first_avg,
            "resolved": resolved,
            "resolution_avg": resolution_avg,
        }

    @api.model
    def _kuemmerer_overview_labels(self):
        _ = self.env._
        return {
            "residents_reached": _("Residents reached (with at least one contact)"),
            "contacts": _("Contacts"),
            "needs_detected": _("Needs detected"),
            "needs_resolved": _("Needs resolved"),
            "share_resolved": _("Share of the needs detected that are resolved"),
            "chains_started": _("Help chains started"),
            "referrals_sent": _("Referrals sent to network partners"),
            "days_to_first_step": _("Average days from detection to the first step"),
            "days_to_resolution": _("Average days from detection to resolution"),
            "needs_with_overdue_step": _("Needs with an overdue step"),
        }

    @api.model
    def _kuemmerer_section_overview(self, date_from, date_to, quarters):
        current = self._kuemmerer_overview_figures(date_from, date_to, quarters)
        previous = self._kuemmerer_overview_figures(
            *self._kuemmerer_previous_period(date_from, date_to), quarters
        )
        rows = [
            (label, [current[key], previous[key]])
            for key, label in self._kuemmerer_overview_labels().items()
        ]
        return self._kuemmerer_section(
            "overview",
            self.env._("Key figures"),
            self.env._("Figure"),
            rows,
            columns=[
                self.env._("Period"),
                self.env._("Same period of the previous year"),
            ],
            dashboard=True,
        )

    @api.model
    def _kuemmerer_section_needs_by(self, fname, date_from, date_to, quarters):
        Need = self.env["kuemmerer.need"]
        groups = Need._read_group(
            self._kuemmerer_need_domain(date_from, date_to, quarters),
            [fname],
            ["__count"],
        )
        field = Need._fields[fname]
        if field.type == "many2one":
            rows = [
                (value.display_name if value else self.env._("Not set"), [count])
                for value, count in sorted(
                    groups, key=lambda g: (-g[1], g[0].display_name or "")
                )
            ]
        else:
            order = [key for key, _label in field.selection]
            rows = [
                (self._kuemmerer_selection_label(Need._name, fname, value), [count])
                for value, count in sorted(
                    groups,
                    key=lambda g: order.index(g[0]) if g[0] in order else len(order),
                )
            ]
        titles = {
            "category_id": (self.env._("Needs by category"), self.env._("Category")),
            "quarter_id": (self.env._("Needs by quarter"), self.env._("Quarter")),
            "source": (self.env._("Needs by source"), self.env._("Detected through")),
            "state": (self.env._("Needs by state"), self.env._("State")),
        }
        title, label = titles.get(fname, (field.string, field.string))
        return self._kuemmerer_section(
            f"needs_by_{fname}",
            title,
            label,
            rows,
            chart=True,
            dashboard=fname == "category_id",
        )

    @api.model
    def _kuemmerer_section_needs_by_month(self, date_from, date_to, quarters):
        groups = self.env["kuemmerer.need"]._read_group(
            self._kuemmerer_need_domain(date_from, date_to, quarters),
            ["date_detected:month"],
            ["__count"],
        )
        return self._kuemmerer_section(
            "needs_by_month",
            self.env._("Needs detected per month"),
            self.env._("Month"),
            self._kuemmerer_rows_by_month(groups, date_from, date_to),
            chart=True,
            dashboard=True,
        )

    @api.model
    def _kuemmerer_section_steps(self, date_from, date_to, quarters):
        Step = self.env["kuemmerer.help.step"]
        groups = Step._read_group(
            [
                ("state", "=", "done"),
                ("date_done", ">=", date_from),
                ("date_done", "<=", date_to),
                *self._kuemmerer_quarter_domain(quarters),
            ],
            ["step_type"],
            ["__count"],
        )
        order = [key for key, _label in Step._fields["step_type"].selection]
        rows = [
            (
                self._kuemmerer_selection_label(Step._name, "step_type", step_type),
                [count],
            )
            for step_type, count in sorted(
                groups, key=lambda g: order.index(g[0]) if g[0] in order else 99
            )
        ]
        return self._kuemmerer_section(
            "steps_by_type",
            self.env._("Help steps done by type"),
            self.env._("Kind of step"),
            rows,
            chart=True,
        )

    @api.model
    def _kuemmerer_contact_domain(self, date_from, date_to, quarters):
        return self._kuemmerer_datetime_range(
            "date", date_from, date_to
        ) + self._kuemmerer_quarter_domain(quarters)

    @api.model
    def _kuemmerer_section_contacts_by_channel(self, date_from, date_to, quarters):
        Contact = self.env["kuemmerer.contact"]
        groups = Contact._read_group(
            self._kuemmerer_contact_domain(date_from, date_to, quarters),
            ["channel"],
            ["__count"],
        )
        order = [key for key, _label in Contact._fields["channel"].selection]
        rows = [
            (
                self._kuemmerer_selection_label(Contact._name, "channel", channel),
                [count],
            )
            for channel, count in sorted(
                groups, key=lambda g: order.index(g[0]) if g[0] in order else 99
            )
        ]
        return self._kuemmerer_section(
            "contacts_by_channel",
            self.env._("Contacts by channel"),
            self.env._("Channel"),
            rows,
            chart=True,
            dashboard=True,
        )

    @api.model
    def _kuemmerer_section_contacts_by_month(self, date_from, date_to, quarters):
        groups = self.env["kuemmerer.contact"]._read_group(
            self._kuemmerer_contact_domain(date_from, date_to, quarters),
            ["date:month"],
            ["__count"],
        )
        return self._kuemmerer_section(
            "contacts_by_month",
            self.env._("Contacts per month"),
            self.env._("Month"),
            self._kuemmerer_rows_by_month(groups, date_from, date_to),
            chart=True,
        )

    # ------------------------------------------------------------
    # REPORT DATA (the XLSX file: wizard/kuemmerer_annual_report_wizard.py)
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_check_access(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only the coordination can see the reports."))

    @api.model
    def _kuemmerer_check_period(self, date_from, date_to):
        if not date_from or not date_to or date_from > date_to:
            raise UserError(
                self.env._("Please choose a period whose start lies before its end.")
            )

    @api.model
    def _kuemmerer_report_data(self, date_from, date_to, quarters=None):
        """Everything the PDF, the XLSX export and the dashboard print."""
        self._kuemmerer_check_access()
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        self._kuemmerer_check_period(date_from, date_to)
        quarters = quarters or self.env["kuemmerer.quarter"]
        first, last = format_date(self.env, date_from), format_date(self.env, date_to)
        return {
            "date_from": date_from,
            "date_to": date_to,
            "period": f"{first} – {last}",
            "quarters": ", ".join(quarters.mapped("name"))
            if quarters
            else self.env._("All quarters"),
            "company": self.env.company.name,
            "sections": self._kuemmerer_report_sections(date_from, date_to, quarters),
        }
