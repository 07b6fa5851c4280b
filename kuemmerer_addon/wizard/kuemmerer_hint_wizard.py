# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError


class KuemmererHintWizard(models.TransientModel):
    """'Hinweis melden': housing staff tell the Kümmerer that a resident may
    need help. Staff create the need but can never read its text afterwards."""

    _name = "kuemmerer.hint.wizard"
    _description = "Report a Hint"

    building_id = fields.Many2one(
        "kuemmerer.building",
        string="Building",
        default=lambda self: self._default_building_id(),
        help="The building the hint is about. If you do not know the resident, "
        "choose only the building.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        domain="[('is_resident', '=', True)]"
        " + ([('building_id', '=', building_id)] if building_id else [])",
    )
    category_id = fields.Many2one(
        "kuemmerer.need.category", string="Category", required=True
    )
    text = fields.Text(string="What did you notice?", required=True)

    def _default_building_id(self):
        """The caretaker's building, when they look after exactly one."""
        buildings = self.env["kuemmerer.building"].search(
            [("caretaker_id", "=", self.env.uid)], limit=2
        )
        return buildings.id if len(buildings) == 1 else False

    @api.onchange("building_id")
    def _onchange_building_id(self):
        if self.building_id and self.partner_id.building_id != self.building_id:
            self.partner_id = False

    def action_confirm(self):
        self.ensure_one()
        text = (self.text or "").strip()
        if not text:
            raise UserError(self.env._("Please describe briefly what you noticed."))
        if not self.partner_id:
            if not self.building_id:
                raise UserError(
                    self.env._("Please choose the resident, or at least the building.")
                )
            return self._kuemmerer_report_building(text)
        partner = self.partner_id
        responsible = self.env["kuemmerer.responsibility"]._responsible_user(partner)
        if not responsible:
            raise UserError(
                self.env._(
                    "Nobody is responsible for %(name)s yet: the resident has no "
                    "quarter "
                    "with a Kümmerer. Please call the coordination office.",
                    name=partner.display_name,
                )
            )
        need = self._kuemmerer_record_need(partner, responsible, text)
        return self._kuemmerer_thanks(
            self.env._(
                "Your hint %(ref)s was passed on to %(user)s.",
                ref=need.name,
                user=responsible.name,
            )
        )

    def _kuemmerer_record_need(self, partner, responsible, text):
        """The need of the hint, for the Kümmerer ``responsible``, who is told
        by an activity."""
        # Staff have no access to needs: the need is recorded by the
        # superuser (also as the author of its chatter, so that the reporter
        # finds none of its messages), after the checks above; the reporter
        # sees its state as a hint.
        need = (
            self.env["kuemmerer.need"]
            .with_user(SUPERUSER_ID)
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "partner_id": partner.id,
                    "category_id": self.category_id.id,
                    "source": "staff_hint",
                    "user_id": responsible.id,
                    "reported_by_id": self.env.user.id,
                    "description": text,
                }
            )
        )
        # someone else's hint: the Kümmerer is told (see kuemmerer.activity);
        # by the superuser, so that the reporter authors no message of the need
        Activity = self.env["kuemmerer.activity"].with_user(SUPERUSER_ID)
        _ = Activity._kuemmerer_lang(responsible)  # stored: the Kümmerer's language
        Activity._kuemmerer_schedule(
            [
                {
                    "record": need,
                    "user_id": responsible.id,
                    "summary": _("Check hint from %(name)s", name=self.env.user.name),
                }
            ]
        )
        return need

    def _kuemmerer_report_building(self, text):
        """A hint about a building whose resident the reporter does not
        know (a caretaker: "nobody has seen the lady on the second floor"):
        it goes to the triage queue of the building's quarter, as a public
        hint does, with the reporter as sender."""
        building = self.building_id.sudo()
        user = self.env.user
        intake = self.env["kuemmerer.intake"]._kuemmerer_receive(
            {
                "kind": "worry",
                "quarter_id": building.quarter_id.id,
                "about": building.display_name,
                "message": text,
                "category_id": self.category_id.id,
                "contact_name": user.name,
                "contact_phone": user.phone or False,
                "contact_email": user.email or False,
            }
        )
        return self._kuemmerer_thanks(
            self.env._(
                "Your hint %(ref)s was passed on to the Kümmerer of %(quarter)s.",
                ref=intake.name,
                quarter=building.quarter_id.display_name,
            )
        )

    def _kuemmerer_thanks(self, message):
        result = {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Thank you"),
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
        # the dialog keeps nothing of the hint until Odoo vacuums it
        self.sudo().unlink()
        return result
