# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, plaintext2html
from odoo.tools.misc import format_date
from odoo.tools.sql import index_exists

PURPOSES = [
    ("care_documentation", "Documentation of care"),
    ("share_providers", "Share with network partners"),
    ("share_volunteers", "Share with volunteers"),
    ("event_invitations", "Invitations to events"),
    ("photos", "Photos"),
]
# what a withdrawn or expired consent keeps as it was: the history
HISTORY_FIELDS = {
    "partner_id",
    "purpose",
    "state",
    "method",
    "given_by_id",
    "date_given",
    "date_withdrawn",
    "date_expiry",
}
# the Kümmerer is reminded this many days before a consent ends
EXPIRY_REMINDER_DAYS = 28


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
        [("given", "Given"), ("withdrawn", "Withdrawn"), ("expired", "Expired")],
        required=True,
        default="given",
        tracking=True,
    )
    date_given = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True
    )
    date_withdrawn = fields.Date(tracking=True)
    date_expiry = fields.Date(
        string="Valid Until",
        tracking=True,
        help="After this day the consent counts as not given; four weeks before, "
        "the responsible Kümmerer is reminded to ask again.",
    )
    # who gave it: the resident, or a legal representative
    given_by_id = fields.Many2one(
        "res.partner",
        string="Given By",
        compute="_compute_given_by_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        ondelete="restrict",
        index="btree_not_null",
        help="The resident, or a trusted person with a legal role "
        "(Betreuer/in, Vorsorgevollmacht).",
    )
    evidence = fields.Binary(
        string="Evidence of Representation", attachment=True, copy=False
    )
    evidence_filename = fields.Char(copy=False)
    is_expiry_reminded = fields.Boolean(readonly=True, copy=False)
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

    @api.depends("partner_id")
    def _compute_given_by_id(self):
        for consent in self:
            if not consent.given_by_id:
                consent.given_by_id = consent.partner_id

    @api.depends("purpose", "state")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        for consent in self:
            purpose = purposes.get(consent.purpose, "")
            consent.display_name = f"{purpose} ({states.get(consent.state, '')})"

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
        if HISTORY_FIELDS & set(vals) and any(c.state != "given" for c in self):
            raise UserError(
                self.env._(
                    "A withdrawn or expired consent is part of the history and "
                    "stays as it is. Please record a new consent."
                )
            )
        if "date_expiry" in vals:
            vals = dict(vals, is_expiry_reminded=False)
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
        res = super().write(vals)
        if vals.get("state", "given") != "given":
            self._kuemmerer_consent_ended()
        return res

    def _kuemmerer_consent_ended(self):
        """A consent withdrawn (or expired) stops every use at once: the
        links of the residents' referrals stop working."""
        ended = self.filtered(
            lambda c: c.state != "given" and c.purpose == "share_providers"
        )
        self.env["kuemmerer.help.step"]._kuemmerer_revoke_referrals_of(ended.partner_id)

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
            if consent.date_expiry and consent.date_expiry < consent.date_given:
                raise ValidationError(
                    self.env._(
                        "A consent cannot end before it was given. Please check the "
                        "date until which it is valid."
                    )
                )

    @api.constrains("given_by_id", "partner_id", "evidence")
    def _check_given_by(self):
        """Someone other than the resident gives a consent only as their
        legal representative (a trusted person with a legal role), and the
        evidence of it is attached."""
        others = self.filtered(
            lambda c: c.given_by_id and c.given_by_id != c.partner_id
        )
        if not others:
            return
        representatives = {
            (rec.partner_id.id, rec.person_id.id)
            for rec in self.env["kuemmerer.trusted.person"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", others.partner_id.ids),
                    ("person_id", "in", others.given_by_id.ids),
                    ("legal_role", "!=", "none"),
                ],
                ["partner_id", "person_id"],
            )
        }
        for consent in others:
            if (consent.partner_id.id, consent.given_by_id.id) not in representatives:
                raise ValidationError(
                    self.env._(
                        "%(person)s is not recorded as the legal representative of "
                        "%(resident)s. Please record the legal role (Betreuer/in or "
                        "Vorsorgevollmacht) on the trusted person first.",
                        person=consent.given_by_id.display_name,
                        resident=consent.partner_id.display_name,
                    )
                )
            if not consent.evidence:
                raise ValidationError(
                    self.env._(
                        "Please attach the evidence of the representation (e.g. the "
                        "Betreuerausweis or the Vorsorgevollmacht)."
                    )
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

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_consent_expiry(self, batch_size=500):
        """Daily: a consent past its end date becomes 'expired' (kept, never
        overwritten, and from then on not given everywhere); four weeks
        before the end the responsible Kümmerer gets one activity."""
        today = self.env["kuemmerer.tools"]._cron_today()
        Consent = self.sudo()
        ended = Consent.search(
            [("state", "=", "given"), ("date_expiry", "<", today)],
            limit=batch_size,
            order="id",
        )
        ended.write({"state": "expired"})
        soon = Consent.search(
            [
                ("state", "=", "given"),
                ("is_expiry_reminded", "=", False),
                ("date_expiry", ">=", today),
                ("date_expiry", "<=", today + timedelta(days=EXPIRY_REMINDER_DAYS)),
            ],
            limit=batch_size,
            order="id",
        )
        soon._kuemmerer_remind_expiry()
        self.env["ir.cron"]._notify_progress(done=len(ended) + len(soon), remaining=0)

    def _kuemmerer_remind_expiry(self):
        if not self:
            return
        self.fetch(["partner_id", "purpose", "date_expiry"])
        Activity = self.env["kuemmerer.activity"]
        today = fields.Date.context_today(self)
        labels = {}  # language: purpose labels
        vals_list = []
        for consent in self:
            partner = consent.partner_id
            user = (
                self.env["kuemmerer.responsibility"]._responsible_user(partner)
                or self.env["kuemmerer.tools"]._fallback_coordinator()
            )
            _ = Activity._kuemmerer_lang(user)
            lang = user.lang or self.env.lang
            if lang not in labels:
                field = self._fields["purpose"]
                labels[lang] = dict(
                    field._description_selection(self.with_context(lang=lang).env)
                )
            day = format_date(self.env, consent.date_expiry, lang_code=lang)
            note = _(
                "The consent of %(resident)s (%(purpose)s) ends on %(date)s. Please "
                "ask whether it is to continue and record a new consent.",
                resident=partner.name,
                purpose=labels[lang].get(consent.purpose),
                date=day,
            )
            vals_list.append(
                {
                    "record": consent,
                    "user_id": user.id,
                    "summary": _("Consent ends on %(date)s", date=day),
                    "note": plaintext2html(note),
                    "date_deadline": today,
                }
            )
        Activity._kuemmerer_schedule(vals_list, automatic=True)
        self.write({"is_expiry_reminded": True})

    @api.model
    def _kuemmerer_consented_domain(self, purpose):
        """The partners' domain of ``_kuemmerer_consented`` (for searches
        that select recipients, e.g. the newsletter)."""
        return [
            (
                "consent_ids",
                "any",
                [
                    ("purpose", "=", purpose),
                    ("state", "=", "given"),
                    "|",
                    ("date_expiry", "=", False),
                    (
                        "date_expiry",
                        ">=",
                        fields.Date.to_string(fields.Date.context_today(self)),
                    ),
                ],
            )
        ]

    @api.model
    def _kuemmerer_consented(self, partners, purpose):
        """The partners of ``partners`` with a given consent for ``purpose``
        (one query). Every feature that shares personal data asks this. A
        consent past its end date counts as not given, also before the daily
        cron marks it expired."""
        if not partners:
            return partners
        consents = self.sudo().search_fetch(
            [
                ("partner_id", "in", partners.ids),
                ("purpose", "=", purpose),
                ("state", "=", "given"),
                "|",
                ("date_expiry", "=", False),
                ("date_expiry", ">=", fields.Date.context_today(self)),
            ],
            ["partner_id"],
        )
        return partners & consents.partner_id.with_env(partners.env)
