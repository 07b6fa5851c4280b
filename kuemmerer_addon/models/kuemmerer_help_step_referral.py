# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Referrals that come back: a referral e-mail carries a link with a token of
its own (``/kuemmerer/referral/<token>``, no account), where the network
partner accepts, declines with a reason or reports the outcome. While the
step waits on the answer its deadline is paused and the escalation leaves it
alone until ``date_follow_up``; no answer by then gives the responsible
Kümmerer an activity to call."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html

from .kuemmerer_help_step import OPEN_STEP_STATES

REFERRAL_STATES = [
    ("none", "Not a referral"),
    ("sent", "Waiting for an answer"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("done", "Outcome reported"),
]
# the answers a network partner may give, and from which states
REFERRAL_ANSWERS = {
    "accepted": ("sent",),
    "declined": ("sent", "accepted"),
    "done": ("sent", "accepted"),
}
# states in which the link still works
TOKEN_STATES = ("sent", "accepted")
ANSWER_MAX_LENGTH = 2000
TOKEN_MAX_LENGTH = 100
PARAM_EXPIRY = "kuemmerer_addon.referral_token_days"
PARAM_FOLLOW_UP = "kuemmerer_addon.referral_follow_up_days"
DEFAULT_EXPIRY_DAYS = 30
DEFAULT_FOLLOW_UP_DAYS = 14
SYSTEM = "base.group_system"


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class KuemmererHelpStep(models.Model):
    _inherit = "kuemmerer.help.step"
    _kuemmerer_sensitive_fields = ("outcome", "referral_answer")

    # The deadline the escalation looks at: while a referral waits for the
    # network partner's answer, not before the follow-up date (the index of
    # kuemmerer_help_step.py is built on this expression).
    _ESCALATION_KEY = (
        "(CASE WHEN state = 'todo' AND is_escalated IS NOT TRUE THEN "
        "CASE WHEN referral_state = 'sent' AND date_follow_up > date_deadline "
        "THEN date_follow_up ELSE date_deadline END END)"
    )

    # the network partner's answer
    referral_state = fields.Selection(
        REFERRAL_STATES,
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    referral_answer = fields.Text(
        string="Answer of the Network Partner",
        readonly=True,
        copy=False,
        groups="kuemmerer_addon.group_kuemmerer_user",
    )
    date_follow_up = fields.Date(
        string="Follow Up On",
        copy=False,
        help="Until this day the step waits for the network partner's answer: its due "
        "date is paused. Without an answer by then you get a reminder to call.",
    )
    date_referral_answer = fields.Datetime(
        string="Answered On", readonly=True, copy=False
    )
    referral_answer_days = fields.Float(
        string="Days to Answer", readonly=True, copy=False, aggregator="avg"
    )
    is_follow_up_reminded = fields.Boolean(readonly=True, copy=False)
    # the link: only its hash is kept (nobody reads it through the ORM)
    referral_token_hash = fields.Char(copy=False, index="btree_not_null", groups=SYSTEM)
    referral_token_expiry = fields.Datetime(copy=False, groups=SYSTEM)

    @api.depends("referral_state", "date_follow_up")
    def _compute_is_overdue(self):
        result = super()._compute_is_overdue()
        today = fields.Date.context_today(self)
        for step in self:
            if step.is_overdue and step._kuemmerer_referral_waiting(today):
                step.is_overdue = False
        return result

    def _search_is_overdue(self, operator, value):
        domain = super()._search_is_overdue(operator, value)
        today = fields.Date.context_today(self)
        waiting = [("referral_state", "=", "sent"), ("date_follow_up", ">=", today)]
        if (operator == "=") == bool(value):
            return ["&", *domain, "!", "&", *waiting]
        return ["|", *domain, "&", *waiting]

    def _kuemmerer_referral_waiting(self, today):
        return self.referral_state == "sent" and bool(
            self.date_follow_up and self.date_follow_up >= today
        )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        # the volunteer is told when a help step is given to them
        # (kuemmerer.tandem.loop)
        before = (
            {step.id: step.volunteer_id.id for step in self.sudo()}
            if vals.get("volunteer_id")
            else None
        )
        res = super().write(vals)
        if vals.get("state") in ("done", "failed", "skipped"):
            # a step that has ended takes no answer any more
            self._kuemmerer_revoke_referral_token()
        if before is not None:
            changed = self.filtered(
                lambda step: before.get(step.id) != step.sudo().volunteer_id.id
            )
            self.env["kuemmerer.tandem.loop"]._steps_assigned(changed)
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_referral_body(self, body):
        """Called by ``action_send_to_provider`` with the rendered e-mail:
        a referral gets its link (a new token) and starts to wait."""
        self.ensure_one()
        if self.step_type != "referral":
            return body
        params = self.env["ir.config_parameter"].sudo()
        expiry_days = self._kuemmerer_param_days(
            params, PARAM_EXPIRY, DEFAULT_EXPIRY_DAYS
        )
        follow_days = self._kuemmerer_param_days(
            params, PARAM_FOLLOW_UP, DEFAULT_FOLLOW_UP_DAYS
        )
        token = secrets.token_urlsafe(32)
        now = fields.Datetime.now()
        expiry = now + timedelta(days=expiry_days)
        self.sudo().write(
            {
                "referral_token_hash": hash_token(token),
                "referral_token_expiry": expiry,
                "referral_state": "sent",
                "date_follow_up": fields.Date.context_today(self)
                + timedelta(days=min(follow_days, expiry_days)),
                "is_follow_up_reminded": False,
            }
        )
        url = f"{self.get_base_url()}/kuemmerer/referral/{token}"
        day = fields.Datetime.context_timestamp(self, expiry).strftime("%d.%m.%Y")
        text = self.env._(
            "Please let us know on this page whether you take on the referral, and "
            "later how it went (no account needed; the link works until %(date)s):",
            date=day,
        )
        link = Markup('<p>%s<br/><a href="%s">%s</a></p>') % (text, url, url)
        return Markup(body) + link

    @api.model
    def _kuemmerer_param_days(self, params, key, default):
        try:
            days = int(params.get_param(key, default))
        except (TypeError, ValueError):
            days = default
        return days if days > 0 else default

    def _kuemmerer_revoke_referral_token(self):
        steps = self.sudo().filtered("referral_token_hash")
        if steps:
            steps.write({"referral_token_hash": False, "referral_token_expiry": False})

    @api.model
    def _kuemmerer_revoke_referrals_of(self, partners):
        """Consent to share with network partners withdrawn or expired: no
        link of these residents' referrals opens any more."""
        if partners:
            self.sudo().search(
                [
                    ("partner_id", "in", partners.ids),
                    ("referral_token_hash", "!=", False),
                ]
            )._kuemmerer_revoke_referral_token()

    @api.model
    def _kuemmerer_referral_from_token(self, token):
        """The step (as superuser) whose link ``token`` is, when the link
        still works: not expired, not used up, the step not ended, the
        resident's consent still given. Else an empty recordset - the caller
        cannot tell why."""
        Step = self.sudo()
        if not isinstance(token, str) or not 20 <= len(token) <= TOKEN_MAX_LENGTH:
            return Step.browse()
        digest = hash_token(token)
        step = Step.search([("referral_token_hash", "=", digest)], limit=1)
        if not step or not hmac.compare_digest(step.referral_token_hash or "", digest):
            return Step.browse()
        if (
            step.referral_token_expiry <= fields.Datetime.now()
            or step.state not in OPEN_STEP_STATES
            or step.referral_state not in TOKEN_STATES
            or not self.env["kuemmerer.consent"]._kuemmerer_consented(
                step.partner_id, "share_providers"
            )
        ):
            return Step.browse()
        return step

    def _kuemmerer_referral_values(self):
        """What the network partner's page shows: exactly what the referral
        e-mail showed (mail_template_help_step_provider), nothing else."""
        self.ensure_one()
        resident = self.partner_id
        need = self.need_id
        sender = need.user_id or self.user_id
        return {
            "provider_name": self.provider_id.name or "",
            "resident_name": resident.name or "",
            "resident_street": resident.street or "",
            "resident_city": " ".join(filter(None, [resident.zip, resident.city])),
            "resident_phone": resident.phone or "",
            "category": need.category_id.name or "",
            "service_type": self.service_type_id.name or "",
            "sender_name": sender.name or "",
            "sender_email": sender.email or "",
            "referral_state": self.referral_state,
        }

    def _kuemmerer_referral_answer(self, answer, text):
        """The network partner answers (after the token check, as
        superuser): ``answer`` is one of REFERRAL_ANSWERS, ``text`` plain
        text (checked by the caller). Declining and reporting the outcome use
        the link up; the responsible person gets an activity for both."""
        self.ensure_one()
        if self.referral_state not in REFERRAL_ANSWERS.get(answer, ()):
            raise UserError(self.env._("This answer is not possible any more."))
        if answer in ("declined", "done") and not text:
            raise UserError(self.env._("Please write a few words."))
        lang_self = self.with_context(
            lang=self._kuemmerer_referral_user().lang or "de_DE"
        )
        _ = lang_self.env._
        now = fields.Datetime.now()
        header = {
            "accepted": _("Accepted by %(provider)s on %(date)s"),
            "declined": _("Declined by %(provider)s on %(date)s, because:"),
            "done": _("Outcome reported by %(provider)s on %(date)s:"),
        }[answer] % {
            "provider": self.provider_id.name,
            "date": fields.Datetime.context_timestamp(self, now).strftime("%d.%m.%Y"),
        }
        entry = "\n".join(filter(None, [header, text]))
        values = {
            "referral_state": answer,
            "referral_answer": "\n\n".join(filter(None, [self.referral_answer, entry])),
        }
        if not self.date_referral_answer:
            values.update(self._kuemmerer_referral_resume(now))
        self.write(values)
        if answer != "accepted":
            self._kuemmerer_revoke_referral_token()
            self._kuemmerer_referral_activity(answer, lang_self)
        return True

    def _kuemmerer_referral_resume(self, now):
        """First answer: how long it took, and the paused deadline runs on
        by the days the step waited."""
        waited = (
            (now - self.date_sent).total_seconds() / 86400.0 if self.date_sent else 0.0
        )
        values = {"date_referral_answer": now, "referral_answer_days": round(waited, 1)}
        if self.date_deadline and self.date_sent:
            paused = (now.date() - self.date_sent.date()).days
            if paused > 0:
                values["date_deadline"] = self.date_deadline + timedelta(days=paused)
        return values

    def _kuemmerer_referral_user(self):
        return (
            self.user_id
            or self.need_id.user_id
            or self.quarter_id.manager_id
            or self.env["kuemmerer.tools"]._fallback_coordinator()
        )

    def _kuemmerer_referral_activity(self, answer, lang_self):
        _ = lang_self.env._
        summary = {
            "declined": _("Referral declined: %(step)s"),
            "done": _("Outcome of the referral: %(step)s"),
        }[answer] % {"step": self.name}
        note = _(
            "%(provider)s answered on the referral page. The answer is in the step. "
            "Please decide how to go on.",
            provider=self.provider_id.name,
        )
        self.env["kuemmerer.activity"]._kuemmerer_schedule(
            [
                {
                    "record": self.need_id,
                    "user_id": self._kuemmerer_referral_user().id,
                    "summary": summary,
                    "note": plaintext2html(note),
                }
            ]
        )

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_referral_follow_up(self, batch_size=500):
        """Daily: a referral without an answer by its follow-up date gives
        the responsible person one activity to call the network partner
        (never a second one for the same referral)."""
        today = self.env["kuemmerer.tools"]._cron_today()
        domain = [
            ("referral_state", "=", "sent"),
            ("state", "in", OPEN_STEP_STATES),
            ("date_follow_up", "<", today),
            ("is_follow_up_reminded", "=", False),
        ]
        steps = self.sudo().search(domain, limit=batch_size, order="id")
        if not steps:
            return
        remaining = self.sudo().search_count(domain) - len(steps)
        steps.fetch(["need_id", "name", "provider_id", "user_id", "date_sent"])
        Activity = self.env["kuemmerer.activity"]
        vals_list = []
        for step in steps:
            user = step._kuemmerer_referral_user()
            _ = Activity._kuemmerer_lang(user)
            vals_list.append(
                {
                    "record": step.need_id,
                    "activity_type": "mail.mail_activity_data_call",
                    "user_id": user.id,
                    "summary": _(
                        "Call %(provider)s: no answer to the referral",
                        provider=step.provider_id.name,
                    ),
                    "note": plaintext2html(
                        _(
                            "The referral '%(step)s' was sent on %(date)s and has "
                            "not been answered.",
                            step=step.name,
                            date=step._sent_day().strftime("%d.%m.%Y")
                            if step.date_sent
                            else "",
                        )
                    ),
                    "date_deadline": today,
                }
            )
        Activity._kuemmerer_schedule(vals_list, automatic=True)
        steps.write({"is_follow_up_reminded": True})
        self.env["ir.cron"]._notify_progress(done=len(steps), remaining=remaining)

    @api.model
    def _kuemmerer_rebuild_escalation_index(self):
        """The escalation index follows ``_ESCALATION_KEY`` (migration)."""
        self.env.cr.execute(
            SQL("DROP INDEX IF EXISTS kuemmerer_help_step_escalation_index")
        )
        self.init()

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        self.env["kuemmerer.tandem.loop"]._steps_assigned(
            steps.filtered("volunteer_id")
        )
        return steps
