# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import api, fields, models


def _default_year(dashboard):
    return fields.Date.context_today(dashboard).year


class KuemmererDashboard(models.TransientModel):
    """The coordinator's start page: the key figures of the year against
    the same period of the previous year, and small charts. Built from the
    sections of ``kuemmerer.report.annual`` marked ``dashboard``, so a
    feature that adds a report section can show it here too."""

    _name = "kuemmerer.dashboard"
    _description = "Kümmerer Dashboard"

    year = fields.Integer(required=True, default=_default_year)
    quarter_ids = fields.Many2many(
        "kuemmerer.quarter", string="Quarters", help="Empty: all quarters."
    )
    dashboard_html = fields.Html(
        string="Dashboard",
        compute="_compute_dashboard_html",
        sanitize=False,
        readonly=True,
    )

    @api.depends("year")
    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = (
                self.env._("Dashboard %(year)s", year=str(dashboard.year))
                if dashboard.year
                else self.env._("Dashboard")
            )

    @api.depends("year", "quarter_ids")
    def _compute_dashboard_html(self):
        for dashboard in self:
            dashboard.dashboard_html = dashboard._kuemmerer_render()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_kuemmerer_open(self):
        """The menu opens a saved dashboard of the current year (a new form
        would show itself as an unsaved record and ask to be saved)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_dashboard_action"
        )
        action["res_id"] = self.create({}).id
        return action

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kuemmerer_figure_class(self, cell):
        """Large type for a figure, normal type for the words of a hidden
        average or share."""
        Report = self.env["kuemmerer.report.annual"]
        if isinstance(cell, dict) and Report._kuemmerer_is_masked(cell):
            return "fs-5 text-muted"
        return "fs-2"

    def _kuemmerer_trend(self, current, previous):
        """(arrow, css class, text) of the change against the previous year."""
        Report = self.env["kuemmerer.report.annual"]
        if Report._kuemmerer_is_masked(current) or Report._kuemmerer_is_masked(
            previous
        ):
            return "", "text-muted", ""  # a change would show the hidden number
        if isinstance(current, dict) or isinstance(previous, dict):
            current_value = current["value"] if current["base"] else None
            previous_value = previous["value"] if previous["base"] else None
        else:
            current_value, previous_value = current, previous
        if current_value is None or previous_value is None:
            return "", "text-muted", ""
        if not previous_value:
            return (
                ("↑", "text-success", "") if current_value else ("→", "text-muted", "")
            )
        change = 100.0 * (current_value - previous_value) / previous_value
        if abs(change) < 0.5:
            return "→", "text-muted", "±0 %"
        arrow = "↑" if change > 0 else "↓"
        return (
            arrow,
            "text-success" if change > 0 else "text-danger",
            "{}{} %".format(
                "+" if change > 0 else "−",
                Report._kuemmerer_format_number(abs(change), 0),
            ),
        )

    def _kuemmerer_period(self):
        """The year so far (or the whole year when it is over)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        year_end = date(self.year, 12, 31)
        date_to = min(year_end, today) if self.year == today.year else year_end
        return date(self.year, 1, 1), date_to

    def _kuemmerer_render(self):
        self.ensure_one()
        Report = self.env["kuemmerer.report.annual"]
        if not self.year or self.year < 1900 or self.year > 9999:
            return ""
        data = Report._kuemmerer_report_data(
            *self._kuemmerer_period(), self.quarter_ids._origin
        )
        sections = [section for section in data["sections"] if section["dashboard"]]
        return self.env["ir.qweb"]._render(
            "kuemmerer_addon.kuemmerer_dashboard_content",
            {"data": data, "sections": sections, "Report": Report, "dashboard": self},
        )
