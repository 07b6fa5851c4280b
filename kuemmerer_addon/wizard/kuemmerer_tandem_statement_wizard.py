# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.kuemmerer_programme import PROGRAMMES


def _default_month(wizard):
    # the statement is made after the month: the last one
    return fields.Date.context_today(wizard).replace(day=1) - relativedelta(months=1)


class KuemmererTandemStatementWizard(models.TransientModel):
    _name = "kuemmerer.tandem.statement.wizard"
    _description = "Monthly Statement of Tandem Visits"

    month = fields.Date(
        required=True,
        default=_default_month,
        help="Any day of the month of the statement.",
    )
    programme = fields.Selection(PROGRAMMES, default="alltagsbegleitung")
    volunteer_ids = fields.Many2many(
        "res.partner",
        string="Volunteers",
        domain=[("is_volunteer", "=", True)],
        help="Leave empty for all volunteers with visits in the month.",
    )
    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    def _kuemmerer_statements(self):
        self.ensure_one()
        return self.env["kuemmerer.tandem.statement"]._statements(
            self.month, self.volunteer_ids or None, self.programme
        )

    def _kuemmerer_check(self):
        if fields.Date.context_today(self).replace(day=1) < self.month.replace(day=1):
            raise UserError(self.env._("Please choose a month that has begun."))
        if not self._kuemmerer_statements():
            raise UserError(
                self.env._(
                    "There are no visits in this month. Please choose another month."
                )
            )

    def action_print_pdf(self):
        self.ensure_one()
        self._kuemmerer_check()
        return self.env.ref(
            "kuemmerer_addon.action_report_kuemmerer_tandem_statement"
        ).report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        self._kuemmerer_check()
        content = self.env["kuemmerer.tandem.statement"]._xlsx(
            self._kuemmerer_statements(), self.month
        )
        self.write(
            {
                "xlsx_file": base64.b64encode(content),
                "xlsx_filename": "Begleitnachweis_{}.xlsx".format(
                    self.month.strftime("%Y-%m")
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/"
            f"{self.xlsx_filename}?download=true",
            "target": "download",
        }
