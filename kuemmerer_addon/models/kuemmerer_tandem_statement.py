# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The monthly statement of the tandem visits per volunteer (hours,
kilometres, allowance) for the programme's paperwork."""

import io
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models


class KuemmererTandemStatement(models.AbstractModel):
    _name = "kuemmerer.tandem.statement"
    _description = "Monthly Statement of Tandem Visits"

    @api.model
    def _month_start(self, day):
        return date(day.year, day.month, 1)

    @api.model
    def _statements(self, month, volunteers=None, programme=None):
        """One dict per volunteer and programme with visits in ``month`` (a
        date in the month), read with the current user's rights; never the
        visit's note. A fixed number of queries."""
        start = self._month_start(month)
        domain = [("date", ">=", start), ("date", "<", start + relativedelta(months=1))]
        if volunteers is not None:
            domain.append(("volunteer_id", "in", volunteers.ids))
        if programme:
            domain.append(("programme", "=", programme))
        visits = self.env["kuemmerer.tandem.visit"].search_fetch(
            domain,
            [
                "date",
                "hours",
                "km",
                "volunteer_id",
                "resident_id",
                "programme",
                "company_id",
            ],
            order="volunteer_id, programme, date, id",
        )
        # names only, as superuser: whoever may read a visit may know the pair
        visits_sudo = visits.sudo()
        visits_sudo.volunteer_id.fetch(["name", "street", "zip", "city"])
        visits_sudo.resident_id.fetch(["name"])
        Tandem = self.env["kuemmerer.tandem"]
        programmes = self.env["kuemmerer.programme"]._kuemmerer_by_code()
        labels = dict(
            self.env["kuemmerer.tandem"]
            ._fields["programme"]
            ._description_selection(self.env)
        )
        result = {}
        for visit in visits_sudo:
            key = (visit.volunteer_id.id, visit.programme)
            entry = result.get(key)
            if entry is None:
                rules = programmes.get(visit.programme)
                volunteer = visit.volunteer_id
                entry = result[key] = {
                    "volunteer": volunteer.name,
                    "volunteer_id": volunteer.id,
                    "address": ", ".join(
                        filter(
                            None,
                            [
                                volunteer.street,
                                " ".join(filter(None, [volunteer.zip, volunteer.city])),
                            ],
                        )
                    ),
                    "programme": rules.name
                    if rules
                    else labels.get(visit.programme, ""),
                    "month": start.strftime("%m/%Y"),
                    "lines": [],
                    "hours": 0.0,
                    "km": 0.0,
                    "rules": rules,
                }
            entry["lines"].append(
                {
                    "date": visit.date.strftime("%d.%m.%Y"),
                    "resident": visit.resident_id.name,
                    "hours": visit.hours,
                    "hours_text": Tandem._kuemmerer_hours_text(visit.hours),
                    "km": visit.km,
                }
            )
            entry["hours"] += visit.hours
            entry["km"] += visit.km
        statements = []
        for entry in result.values():
            rules = entry.pop("rules")
            entry["hours_text"] = Tandem._kuemmerer_hours_text(entry["hours"])
            entry["allowance"] = (
                rules._kuemmerer_allowance(entry["hours"]) if rules else 0.0
            )
            entry["has_allowance"] = bool(rules and rules.allowance_month)
            entry["allowance_text"] = self._money(entry["allowance"])
            entry["km_text"] = self._number(entry["km"])
            for line in entry["lines"]:
                line["km_text"] = self._number(line["km"])
            statements.append(entry)
        return statements

    @api.model
    def _money(self, amount):
        return (f"{amount:.2f} €").replace(".", ",")

    @api.model
    def _number(self, value):
        return (f"{value:.1f}").replace(".", ",")

    @api.model
    def _xlsx(self, statements, month):
        """The statements as an XLSX file (bytes): one sheet, one block per
        volunteer, numbers as numbers."""
        import xlsxwriter  # noqa: PLC0415 - only needed here

        _ = self.env._
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Statement")[:31])
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1})
        cell = workbook.add_format({"border": 1})
        decimal = workbook.add_format({"border": 1, "num_format": "0.00"})
        bold = workbook.add_format({"bold": True, "border": 1, "num_format": "0.00"})
        sheet.set_column(0, 1, 28)
        sheet.set_column(2, 4, 14)
        sheet.write(
            0,
            0,
            _(
                "Tandem visits %(month)s",
                month=self._month_start(month).strftime("%m/%Y"),
            ),
            title,
        )
        row = 2
        if not statements:
            sheet.write(row, 0, _("No visits in this month."))
        for entry in statements:
            sheet.write(row, 0, entry["volunteer"], title)
            sheet.write(row, 1, entry["programme"])
            row += 1
            for col, label in enumerate(
                (_("Date"), _("Resident"), _("Hours"), _("Kilometres"))
            ):
                sheet.write(row, col, label, header)
            row += 1
            for line in entry["lines"]:
                sheet.write(row, 0, line["date"], cell)
                sheet.write(row, 1, line["resident"], cell)
                sheet.write_number(row, 2, line["hours"], decimal)
                sheet.write_number(row, 3, line["km"], decimal)
                row += 1
            sheet.write(row, 1, _("Total"), header)
            sheet.write_number(row, 2, entry["hours"], bold)
            sheet.write_number(row, 3, entry["km"], bold)
            row += 1
            sheet.write(row, 1, _("Allowance (€)"), header)
            sheet.write_number(row, 2, entry["allowance"], bold)
            row += 2
        workbook.close()
        return output.getvalue()
