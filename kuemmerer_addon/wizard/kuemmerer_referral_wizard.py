# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class KuemmererReferralWizard(models.TransientModel):
    """'Send' on a step that informs or refers to a network partner. The
    resident's consent is looked at before anything is confirmed: without it
    the dialog records it (how and when it was given) and goes on; with it
    the dialog says what will be sent, to whom, and sends it."""

    _name = "kuemmerer.referral.wizard"
    _description = "Send to Network Partner"

    step_id = fields.Many2one(
        "kuemmerer.help.step",
        string="Step",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    # as the user, never as superuser: the dialog shows nothing its user
    # may not read on the step itself
    provider_id = fields.Many2one(
        related="step_id.provider_id", string="Network Partner", compute_sudo=False
    )
    provider_email = fields.Char(
        related="step_id.provider_id.email", string="E-mail", compute_sudo=False
    )
    partner_id = fields.Many2one(
        related="step_id.need_id.partner_id", string="Resident", compute_sudo=False
    )
    has_consent = fields.Boolean(compute="_compute_has_consent")
    # the consent, when it is missing
    consent_method = fields.Selection(
        [("written", "Written"), ("verbal", "Verbal"), ("digital", "Digital")],
        string="How was the consent given?",
    )
    consent_date = fields.Date(string="Given on", default=fields.Date.context_today)
    consent_note = fields.Char(string="Note on the consent")

    @api.model_create_multi
    def create(self, vals_list):
        # only for a step the user may work on
        steps = self.env["kuemmerer.help.step"].browse(
            [vals["step_id"] for vals in vals_list if vals.get("step_id")]
        )
        steps.check_access("write")
        return super().create(vals_list)

    @api.depends("partner_id")
    def _compute_has_consent(self):
        for wizard in self:
            wizard.has_consent = bool(
                self.env["kuemmerer.consent"]._kuemmerer_consented(
                    wizard.partner_id, "share_providers"
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_record_consent(self):
        """Record the consent the resident gave to share their data with
        network partners, then show what will be sent."""
        self.ensure_one()
        if not self.has_consent:
            if not self.consent_method or not self.consent_date:
                raise UserError(
                    self.env._(
                        "Please say how and when the resident gave their consent."
                    )
                )
            if self.consent_date > fields.Date.context_today(self):
                raise UserError(
                    self.env._(
                        "A consent cannot be given in the future. Please check the "
                        "date."
                    )
                )
            self.env["kuemmerer.consent"].create(
                {
                    "partner_id": self.partner_id.id,
                    "purpose": "share_providers",
                    "method": self.consent_method,
                    "date_given": self.consent_date,
                    "note": self.consent_note,
                }
            )
            self.invalidate_recordset(["has_consent"])
        return self._kuemmerer_action()

    def action_send(self):
        self.ensure_one()
        step = self.step_id
        step.action_send_to_provider()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Sent"),
                "message": self.env._(
                    "The referral was sent to %(provider)s (%(email)s) and noted on "
                    "the need.",
                    provider=step.provider_id.display_name,
                    email=step.provider_id.email,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kuemmerer_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send to Network Partner")
            if self.has_consent
            else self.env._("Consent Needed"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
