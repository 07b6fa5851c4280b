# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

PURPOSES = [
    ("care_documentation", "Documentation of care"),
    ("share_providers", "Share with network partners"),
    ("share_volunteers", "Share with volunteers"),
    ("event_invitations", "Invitations to events"),
    ("photos", "Photos"),
]


class KuemmererConsent(models.Model):
    _name = "kuemmerer.consent"
    _inherit = ["kuemmerer.casework.thread", "kuemmerer.resident.record"]
    _description = "Consent"
    # asked of residents, and of anyone else the coordination records
    _kuemmerer_residents_only = False
    _order = "partner_id, purpose, date_given desc"
    _rec_name = "purpose"

    partner_id = fields.Many2one(
        "res.partner", string="Resident", required=True, ondelete="cascade", index=True
    )
    purpose = fields.Selection(PURPOSES, required=True, tracking=True)
    state = fields.Selection(
        [("given", "Given"), ("withdrawn", "Withdrawn")],
        required=True,
        default="given",
        tracking=True,
    )
    date_given = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True
    )
    date_withdrawn = fields.Date(tracking=True)
    method = fields.Selection(
        [("written", "Written"), ("verbal", "Verbal"), ("digital", "Digital")],
        required=True,
        default="written",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded by", default=lambda self: self.env.user
    )
    note = fields.Char()
    quarter_id = fields.Many2one(
        related="partner_id.quarter_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )

    def init(self):
        # one active consent per person and purpose, also under concurrency
        if not index_exists(self.env.cr, "kuemmerer_consent_given_uniq"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX kuemmerer_consent_given_uniq ON %s "
                    "(partner_id, purpose) WHERE state = 'given'",
                    SQL.identifier(self._table),
                )
            )

    @api.depends("purpose", "state")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        for consent in self:
            consent.display_name = "{} ({})".format(
                purposes.get(consent.purpose, ""),
                states.get(consent.state, ""),
            )

    @api.model_create_multi
    def create(self, vals_list):
        # checked before the insert, so the user gets a clear message rather
        # than a violation of the unique index that backs the rule
        self._check_keys_free(
            [
                (vals.get("partner_id"), vals.get("purpose"))
                for vals in vals_list
                if vals.get("state", "given") == "given"
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if {"partner_id", "purpose", "state"} & set(vals):
            # the same before the update (an edit in the list, a re-given consent)
            self._check_keys_free(
                [
                    (
                        vals.get("partner_id", consent.partner_id.id),
                        vals.get("purpose", consent.purpose),
                    )
                    for consent in self
                    if vals.get("state", consent.state) == "given"
                ],
                exclude=self,
            )
        return super().write(vals)

    def _check_keys_free(self, keys, exclude=None):
        """Raise when a (partner, purpose) of ``keys`` appears twice or is
        already given by another consent than ``exclude``."""
        if not keys:
            return
        existing = {
            (consent.partner_id.id, consent.purpose)
            for consent in self.sudo().search_fetch(
                [
                    ("state", "=", "given"),
                    ("partner_id", "in", [key[0] for key in keys]),
                    ("purpose", "in", [key[1] for key in keys]),
                    ("id", "not in", exclude.ids if exclude else []),
                ],
                ["partner_id", "purpose"],
            )
        }
        if len(set(keys)) < len(keys) or existing.intersection(keys):
            raise ValidationError(self._message_already_given())

    def _message_already_given(self):
        return self.env._(
            "This person has already given this consent. Withdraw the existing "
            "consent before recording a new one."
        )

    @api.constrains("partner_id", "purpose", "state")
    def _check_one_given(self):
        given = self.filtered(lambda c: c.state == "given")
        if not given:
            return
        groups = self.sudo()._read_group(
            [
                ("partner_id", "in", given.partner_id.ids),
                ("purpose", "in", given.mapped("purpose")),
                ("state", "=", "given"),
            ],
            ["partner_id", "purpose"],
            ["__count"],
        )
        if any(count > 1 for _partner, _purpose, count in groups):
            raise ValidationError(self._message_already_given())

    @api.constrains("date_given", "date_withdrawn", "state")
    def _check_dates(self):
        for consent in self:
            if consent.state == "withdrawn" and not consent.date_withdrawn:
                raise ValidationError(
                    self.env._("Please enter the date of the withdrawal.")
                )
            if consent.date_withdrawn and consent.date_withdrawn < consent.date_given:
                raise ValidationError(
                    self.env._("A consent cannot be withdrawn before it was given.")
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_withdraw(self):
        if any(consent.state != "given" for consent in self):
            raise UserError(self.env._("Only a given consent can be withdrawn."))
        self.write(
            {"state": "withdrawn", "date_withdrawn": fields.Date.context_today(self)}
        )
        return True

    @api.model
    def _kuemmerer_consented(self, partners, purpose):
        """The partners of ``partners`` with a given consent for ``purpose``
        (one query). Every feature that shares personal data asks this."""
        if not partners:
            return partners
        consents = self.sudo().search_fetch(
            [
                ("partner_id", "in", partners.ids),
                ("purpose", "=", purpose),
                ("state", "=", "given"),
            ],
            ["partner_id"],
        )
        return partners & consents.partner_id.with_env(partners.env)
