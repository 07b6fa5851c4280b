# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KuemmererApplyChainWizard(models.TransientModel):
    _name = "kuemmerer.apply.chain.wizard"
    _description = "Start Help Chain"

    need_id = fields.Many2one("kuemmerer.need", required=True, ondelete="cascade")
    template_id = fields.Many2one(
        "kuemmerer.help.chain.template",
        string="Template",
        required=True,
        ondelete="cascade",
    )
    step_ids = fields.One2many(related="template_id.step_ids", string="Steps")

    def action_apply(self):
        self.ensure_one()
        self.need_id.action_apply_chain_template(self.template_id.id)
        return {"type": "ir.actions.act_window_close"}
