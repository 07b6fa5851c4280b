# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class KuemmererHelpStep(models.Model):
    """The volunteer is told when a help step is given to them (see
    ``kuemmerer.tandem.loop``). Kept beside ``kuemmerer_help_step.py``,
    which holds the step itself."""

    _inherit = "kuemmerer.help.step"

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        self.env["kuemmerer.tandem.loop"]._steps_assigned(
            steps.filtered("volunteer_id")
        )
        return steps

    def write(self, vals):
        if not vals.get("volunteer_id"):
            return super().write(vals)
        before = {step.id: step.volunteer_id.id for step in self.sudo()}
        result = super().write(vals)
        changed = self.filtered(
            lambda step: before.get(step.id) != step.sudo().volunteer_id.id
        )
        self.env["kuemmerer.tandem.loop"]._steps_assigned(changed)
        return result
