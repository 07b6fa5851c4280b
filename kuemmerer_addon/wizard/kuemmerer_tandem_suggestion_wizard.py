# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models

from ..models.kuemmerer_programme import PROGRAMMES
from ..models.kuemmerer_volunteer_availability import WEEKDAYS


class KuemmererTandemSuggestionWizard(models.TransientModel):
    """Find a companion: the active volunteers ranked for a resident, each
    with the reasons in words; one click proposes the tandem."""

    _name = "kuemmerer.tandem.suggestion.wizard"
    _description = "Find a Companion"

    resident_id = fields.Many2one(
        "res.partner",
        string="Resident",
        required=True,
        domain=[("is_resident", "=", True)],
    )
    programme = fields.Selection(PROGRAMMES, required=True, default="alltagsbegleitung")
    skill_ids = fields.Many2many("kuemmerer.skill", string="Help Wanted With")
    weekday = fields.Selection(WEEKDAYS, string="Preferred Day")
    line_ids = fields.One2many(
        "kuemmerer.tandem.suggestion.wizard.line", "wizard_id", string="Suggestions"
    )

    @api.model_create_multi
    def create(self, vals_list):
        resident_ids = [vals.get("resident_id") for vals in vals_list]
        self.env["kuemmerer.tandem"]._kuemmerer_check_care(resident_ids)
        wizards = super().create(vals_list)
        wizards._kuemmerer_fill()
        return wizards

    def action_suggest(self):
        """Rank the volunteers for the chosen resident and show them (saved
        lines: each has its button to propose the tandem)."""
        self.ensure_one()
        self._kuemmerer_fill()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "name": self.env._("Find a Companion"),
            "views": [(False, "form")],
            "target": "new",
        }

    def _kuemmerer_fill(self):
        for wizard in self:
            wizard.line_ids = [Command.clear()] + wizard._kuemmerer_line_commands()

    def _kuemmerer_line_commands(self):
        if not self.resident_id:
            return []
        self.env["kuemmerer.tandem"]._kuemmerer_check_care([self.resident_id.id])
        ranking = self.env["kuemmerer.tandem.suggestion"]._rank(
            self.resident_id, self.programme, self.skill_ids, self.weekday
        )
        return [
            Command.create(
                {
                    "sequence": index,
                    "volunteer_id": entry["volunteer"].id,
                    "score": entry["score"],
                    "reason": "\n".join(entry["reasons"]),
                }
            )
            for index, entry in enumerate(ranking)
        ]


class KuemmererTandemSuggestionWizardLine(models.TransientModel):
    _name = "kuemmerer.tandem.suggestion.wizard.line"
    _description = "Suggested Companion"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "kuemmerer.tandem.suggestion.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    volunteer_id = fields.Many2one("res.partner", string="Volunteer", readonly=True)
    score = fields.Integer(string="Points", readonly=True)
    reason = fields.Text(string="Why", readonly=True)

    def action_propose(self):
        """Propose the tandem of the resident with this volunteer and open it."""
        self.ensure_one()
        wizard = self.wizard_id
        tandem = self.env["kuemmerer.tandem"].create(
            {
                "resident_id": wizard.resident_id.id,
                "volunteer_id": self.volunteer_id.id,
                "programme": wizard.programme,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kuemmerer.tandem",
            "res_id": tandem.id,
            "views": [(False, "form")],
            "target": "current",
        }
