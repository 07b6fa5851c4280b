# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
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
        "kuemmerer.quarter", string="Quarters", help="Leave empty for a report on all quarters."
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
        action = self.env.ref("kuemmerer_addon.action_report_kuemmerer_annual").report_action(self)
        # the dialog closes once the PDF is downloaded
        action["close_on_report_download"] = True
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        content = self.env["kuemmerer.report.annual"]._kuemmerer_xlsx(
            self.date_from, self.date_to, self.quarter_ids
        )
        self.write(
            {
                "xlsx_file": base64.b64encode(content),
                "xlsx_filename": "Jahresbericht_%s_%s.xlsx"
                % (self.date_from.strftime("%Y-%m-%d"), self.date_to.strftime("%Y-%m-%d")),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s/%s/xlsx_file/%s?download=true"
            % (self._name, self.id, self.xlsx_filename),
            "target": "download",
        }

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kuemmerer_report_data(self):
        self.ensure_one()
        return self.env["kuemmerer.report.annual"]._kuemmerer_report_data(
            self.date_from, self.date_to, self.quarter_ids
        )
