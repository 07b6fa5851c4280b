# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

STEP_TYPES = [
    ("contact_resident", "Contact the resident"),
    ("inform_provider", "Inform a network partner"),
    ("referral", "Referral to a network partner"),
    ("volunteer", "Find a volunteer"),
    ("home_visit", "Home visit"),
    ("follow_up", "Follow up"),
    ("other", "Other"),
]


class KuemmererHelpChainTemplate(models.Model):
    _name = "kuemmerer.help.chain.template"
    _description = "Help Chain Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    category_ids = fields.One2many(
        "kuemmerer.need.category", "chain_template_id", string="Need Categories"
    )
    step_ids = fields.One2many(
        "kuemmerer.help.chain.template.step", "template_id", string="Steps", copy=True
    )
    step_count = fields.Integer(compute="_compute_step_count")

    @api.depends("step_ids")
    def _compute_step_count(self):
        for template in self:
            template.step_count = len(template.step_ids)

    def _kuemmerer_chain_values(self, need):
        """The values of a new help chain for ``need`` from this template: its
        steps with their deadlines, for the need's Kümmerer, with the network
        partner proposed where only one offers the service in the quarter."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        responsible = need.user_id or self.env.user
        providers = self.env["kuemmerer.provider"]._single_providers(
            self.step_ids.service_type_id, need.quarter_id
        )
        return {
            "name": self.name,
            "need_id": need.id,
            "template_id": self.id,
            "state": "draft",
            "date_start": today,
            "step_ids": [
                Command.create(
                    {
                        "sequence": (index + 1) * 10,
                        "name": step.name,
                        "step_type": step.step_type,
                        "service_type_id": step.service_type_id.id,
                        "instructions": step.instructions,
                        "provider_id": providers.get(step.service_type_id.id, False),
                        "user_id": responsible.id,
                        "date_deadline": today + timedelta(days=step.delay_days),
                    }
                )
                for index, step in enumerate(self.step_ids)
            ],
        }


class KuemmererHelpChainTemplateStep(models.Model):
    _name = "kuemmerer.help.chain.template.step"
    _description = "Help Chain Template Step"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "kuemmerer.help.chain.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    step_type = fields.Selection(STEP_TYPES, required=True, default="other")
    service_type_id = fields.Many2one("kuemmerer.service.type", string="Service Type")
    delay_days = fields.Integer(
        string="Due After (days)",
        help="Days after the start of the help chain by which this step is due.",
    )
    instructions = fields.Text(translate=True)

    @api.constrains("delay_days")
    def _check_delay_days(self):
        if any(step.delay_days < 0 for step in self):
            raise ValidationError(
                self.env._("A step cannot be due before the help chain starts.")
            )
