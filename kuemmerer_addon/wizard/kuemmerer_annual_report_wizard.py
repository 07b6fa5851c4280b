# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import date

from odoo import fields, models


def _default_date_from(wizard):
    return date(fields.Date.context_today(wizard).year - 1, 1, 1)


def _default_date_to(wizard):
    return date(fields.Date.context_today(wizard).year - 1, 12, 31)


class KuemmererAnnualReportWizard(models.TransientModel):
    _name = "kuemmerer.annual.report.wizard"
    _description = "Annual Activity Report"

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    quarter_ids = fields.Many2many(
        "kuemmerer.quarter",
        string="Quarters",
        help="Leave empty for a report on all quarters.",
    )
    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_print_pdf(self):
        self.ensure_one()
        Report = self.env["kuemmerer.report.annual"]
        Report._kuemmerer_check_access()
        Report._kuemmerer_check_period(self.date_from, self.date_to)
        action = self.env.ref(
            "kuemmerer_addon.action_report_kuemmerer_annual"
        ).report_action(self)
        # the dialog closes once the PDF is downloaded
        action["close_on_report_download"] = True
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        content = self._kuemmerer_xlsx()
        self.write(
            {
                "xlsx_file": base64.b64encode(content),
                "xlsx_filename": "Jahresbericht_{}_{}.xlsx".format(
                    self.date_from.strftime("%Y-%m-%d"),
                    self.date_to.strftime("%Y-%m-%d"),
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/"
            f"{self.xlsx_filename}?download=true",
            "target": "download",
        }

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kuemmerer_xlsx(self):
        """The same figures as the PDF as an XLSX file (bytes): masked cells
        as the text "< 3", all other figures as numbers."""
        import xlsxwriter  # noqa: PLC0415 - only needed here

        Report = self.env["kuemmerer.report.annual"]
        data = Report._kuemmerer_report_data(
            self.date_from, self.date_to, self.quarter_ids
        )
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Annual report")[:31])
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1})
        masked = workbook.add_format({"align": "right", "border": 1})
        number = workbook.add_format({"border": 1})
        decimal = workbook.add_format({"border": 1, "num_format": "0.0"})
        sheet.set_column(0, 0, 55)
        sheet.set_column(1, 4, 22)
        sheet.write(0, 0, self.env._("Annual activity report"), title)
        sheet.write(1, 0, self.env._("Period"), bold)
        sheet.write(1, 1, data["period"])
        sheet.write(2, 0, self.env._("Quarters"), bold)
        sheet.write(2, 1, data["quarters"])
        sheet.write(
            3,
            0,
            self.env._('Figures based on fewer than three people are shown as "< 3".'),
        )
        row = 5
        for section in data["sections"]:
            sheet.write(row, 0, section["title"], title)
            row += 1
            sheet.write(row, 0, section["label"], header)
            for col, column in enumerate(section["columns"], 1):
                sheet.write(row, col, column, header)
            row += 1
            if not section["rows"]:
                sheet.write(row, 0, self.env._("No entries in this period."))
                row += 1
            for label, cells in section["rows"]:
                sheet.write(row, 0, label, number)
                for col, cell in enumerate(cells, 1):
                    self._kuemmerer_xlsx_cell(
                        sheet, row, col, cell, (masked, decimal, number)
                    )
                row += 1
            row += 1
        workbook.close()
        return output.getvalue()

    def _kuemmerer_report_data(self):
        self.ensure_one()
        return self.env["kuemmerer.report.annual"]._kuemmerer_report_data(
            self.date_from, self.date_to, self.quarter_ids
        )

    def _kuemmerer_xlsx_cell(self, sheet, row, col, cell, formats):
        """A masked cell as the text "< 3", all other figures as numbers."""
        masked, decimal, number = formats
        Report = self.env["kuemmerer.report.annual"]
        if Report._kuemmerer_is_masked(cell):
            sheet.write_string(row, col, Report._kuemmerer_mask(cell), masked)
        elif isinstance(cell, dict):
            if not cell["base"]:
                sheet.write_string(row, col, "–", masked)
            else:
                sheet.write_number(row, col, round(cell["value"], 1), decimal)
        else:
            sheet.write_number(row, col, int(cell or 0), number)
