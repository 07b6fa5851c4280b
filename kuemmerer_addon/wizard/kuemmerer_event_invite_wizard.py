# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class KuemmererEventInviteWizard(models.TransientModel):
    """'Bewohner einladen': invite the residents of a quarter to a
    neighbourhood event. Residents with an e-mail address and the consent to
    event invitations become attendees and get an e-mail with .ics that names
    nobody else; the others get a printed letter. Nobody is invited twice."""

    _name = "kuemmerer.event.invite.wizard"
    _description = "Invite Residents to a Neighbourhood Event"

    event_id = fields.Many2one(
        "calendar.event",
        string="Neighbourhood Event",
        required=True,
        ondelete="cascade",
        domain=[("is_neighbourhood_event", "=", True)],
    )
    quarter_id = fields.Many2one("kuemmerer.quarter", string="Quarter", required=True)
    only_lives_alone = fields.Boolean(string="Only Residents Living Alone")
    only_contact_overdue = fields.Boolean(
        string="Only Residents whose Contact is Overdue"
    )
    state = fields.Selection(
        [("draft", "Choose"), ("done", "Invited")], default="draft"
    )
    # preview
    preview_email_count = fields.Integer(compute="_compute_preview", string="By E-mail")
    preview_letter_count = fields.Integer(
        compute="_compute_preview", string="By Letter"
    )
    preview_already_count = fields.Integer(
        compute="_compute_preview", string="Already Invited"
    )
    # result
    email_partner_ids = fields.Many2many(
        "res.partner",
        "kuemmerer_event_invite_wizard_email_rel",
        "wizard_id",
        "partner_id",
        string="Invited by E-mail",
        readonly=True,
    )
    letter_partner_ids = fields.Many2many(
        "res.partner",
        "kuemmerer_event_invite_wizard_letter_rel",
        "wizard_id",
        "partner_id",
        string="Invited by Letter",
        readonly=True,
    )
    already_count = fields.Integer(string="Already Invited Before", readonly=True)

    @api.depends("event_id", "quarter_id", "only_lives_alone", "only_contact_overdue")
    def _compute_preview(self):
        for wizard in self:
            if not (wizard.event_id and wizard.quarter_id):
                wizard.preview_email_count = 0
                wizard.preview_letter_count = 0
                wizard.preview_already_count = 0
                continue
            residents, by_email, by_letter = wizard._split_residents()
            wizard.preview_email_count = len(by_email)
            wizard.preview_letter_count = len(by_letter)
            wizard.preview_already_count = len(residents - by_email - by_letter)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_invite(self):
        self.ensure_one()
        event = self.event_id
        event._kuemmerer_check_neighbourhood()
        if event.start <= fields.Datetime.now():
            raise UserError(
                self.env._(
                    "%(event)s has already begun. Invitations can only be sent for "
                    "events "
                    "that lie ahead.",
                    event=event.name,
                )
            )
        residents, by_email, by_letter = self._split_residents()
        if not residents:
            if self.only_lives_alone or self.only_contact_overdue:
                message = self.env._(
                    "No resident of %(quarter)s matches the chosen options. Please "
                    "clear "
                    "an option or choose another quarter.",
                    quarter=self.quarter_id.name,
                )
            else:
                message = self.env._(
                    "The quarter %(quarter)s has no residents yet. Please choose "
                    "another "
                    "quarter or record its residents first.",
                    quarter=self.quarter_id.name,
                )
            raise UserError(message)
        if by_email:
            # Odoo sends the invitation to new attendees; for a neighbourhood
            # event with our own template and .ics (calendar.attendee)
            event.write(
                {"partner_ids": [Command.link(partner.id) for partner in by_email]}
            )
        if by_letter:
            event.write(
                {
                    "kuemmerer_letter_partner_ids": [
                        Command.link(partner.id) for partner in by_letter
                    ]
                }
            )
        self.write(
            {
                "state": "done",
                "email_partner_ids": [Command.set(by_email.ids)],
                "letter_partner_ids": [Command.set(by_letter.ids)],
                "already_count": len(residents - by_email - by_letter),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite Residents"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_print_letters(self):
        self.ensure_one()
        if not self.letter_partner_ids:
            raise UserError(self.env._("Nobody needs a letter this time."))
        return self.event_id._kuemmerer_letter_report_action(self.letter_partner_ids)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _split_residents(self):
        """(residents, to invite by e-mail, to invite by letter): the residents
        of the quarter matching the options, and those of them not yet invited
        by e-mail (attendees) or by letter."""
        self.ensure_one()
        domain = [("is_resident", "=", True), ("quarter_id", "=", self.quarter_id.id)]
        if self.only_lives_alone:
            domain.append(("kuemmerer_resident_ids.lives_alone", "=", True))
        if self.only_contact_overdue:
            domain.append(("contact_overdue", "=", True))
        residents = self.env["res.partner"].search(domain)
        event = self.event_id
        already = event.attendee_ids.partner_id | event.kuemmerer_letter_partner_ids
        new = residents - already
        consented = self.env["kuemmerer.consent"]._kuemmerer_consented(
            new, "event_invitations"
        )
        by_email = new.filtered(lambda p: p.email_normalized and p in consented)
        return residents, by_email, new - by_email
