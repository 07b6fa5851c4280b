# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, html2plaintext
from odoo.tools.misc import format_date
from odoo.tools.sql import create_index

from ..const import CASEWORK
from .kuemmerer_help_chain_template import STEP_TYPES

OPEN_STEP_STATES = ("waiting", "todo")
SENDING_STEP_TYPES = ("inform_provider", "referral")


class KuemmererHelpStep(models.Model):
    _name = "kuemmerer.help.step"
    _inherit = ["kuemmerer.sensitive.mixin"]
    _description = "Help Step"
    _kuemmerer_sensitive_fields = ("outcome",)
    _order = "chain_id, sequence, id"

    # chain
    chain_id = fields.Many2one(
        "kuemmerer.help.chain",
        string="Help Chain",
        required=True,
        ondelete="cascade",
        index=True,
    )
    need_id = fields.Many2one(related="chain_id.need_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="chain_id.need_id.partner_id", string="Resident", store=True
    )
    category_id = fields.Many2one(related="need_id.category_id", string="Need Category")
    quarter_id = fields.Many2one(
        related="chain_id.need_id.quarter_id", store=True, index=True
    )
    company_id = fields.Many2one(
        related="chain_id.need_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    # what
    name = fields.Char(required=True)
    step_type = fields.Selection(STEP_TYPES, required=True, default="other")
    service_type_id = fields.Many2one("kuemmerer.service.type", string="Service Type")
    instructions = fields.Text()
    # who and when
    provider_id = fields.Many2one(
        "res.partner",
        string="Network Partner",
        domain=[("is_provider", "=", True)],
        index="btree_not_null",
    )
    volunteer_id = fields.Many2one(
        "res.partner",
        string="Volunteer",
        domain=[("is_volunteer", "=", True)],
        index="btree_not_null",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        index=True,
    )
    date_deadline = fields.Date(string="Due Date", index=True)
    # progress
    state = fields.Selection(
        [
            ("waiting", "Waiting"),
            ("todo", "To do"),
            ("done", "Done"),
            ("failed", "Did not work out"),
            ("skipped", "Skipped"),
        ],
        required=True,
        default="waiting",
        index=True,
    )
    outcome = fields.Text(groups=CASEWORK)
    date_done = fields.Date(string="Ended on", readonly=True, copy=False)
    date_sent = fields.Datetime(
        string="Sent to Network Partner", readonly=True, copy=False
    )
    activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, index="btree_not_null"
    )
    is_escalated = fields.Boolean(readonly=True, copy=False, index=True)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    # on the cards of "My Steps": when it is due, in words
    due_bucket = fields.Selection(
        [
            ("overdue", "Overdue"),
            ("today", "Today"),
            ("week", "This week"),
            ("later", "Later"),
            ("none", "No due date"),
        ],
        string="Due",
        compute="_compute_due_label",
    )
    due_label = fields.Char(string="Due on", compute="_compute_due_label")
    can_send = fields.Boolean(
        compute="_compute_can_send",
        help="A due step that informs or refers to a network partner and was not sent "
        "yet.",
    )
    sent_label = fields.Char(string="Sent", compute="_compute_sent_label")
    status_label = fields.Char(
        string="Status",
        compute="_compute_sent_label",
        help="The state, or when a due step was sent to its network partner.",
    )

    @api.depends("state", "date_deadline")
    @api.depends_context("uid")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for step in self:
            step.is_overdue = (
                step.state == "todo"
                and bool(step.date_deadline)
                and step.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("This search is not supported."))
        domain = [
            ("state", "=", "todo"),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == bool(value):
            return domain
        return ["!", "&", *domain]

    @api.depends("state", "date_deadline")
    @api.depends_context("uid", "lang", "tz")
    def _compute_due_label(self):
        today = fields.Date.context_today(self)
        # "this week": up to and including Sunday
        sunday = today + timedelta(days=6 - today.weekday())
        for step in self:
            day = step.date_deadline
            if not day:
                step.due_bucket, step.due_label = "none", False
            elif step.state != "todo" or day > sunday:
                step.due_bucket = "later"
                step.due_label = format_date(self.env, day)
            elif day < today:
                step.due_bucket = "overdue"
                step.due_label = self.env._(
                    "Overdue since %(date)s",
                    date=format_date(self.env, day, date_format="dd.MM."),
                )
            elif day == today:
                step.due_bucket, step.due_label = "today", self.env._("Today")
            else:
                step.due_bucket = "week"
                step.due_label = format_date(self.env, day, date_format="EEEE, dd.MM.")

    @api.depends("state", "step_type", "date_sent")
    def _compute_can_send(self):
        for step in self:
            step.can_send = (
                step.state in OPEN_STEP_STATES
                and step.step_type in SENDING_STEP_TYPES
                and not step.date_sent
            )

    @api.depends("date_sent", "state")
    @api.depends_context("lang", "tz")
    def _compute_sent_label(self):
        states = dict(self._fields["state"]._description_selection(self.env))
        for step in self:
            step.sent_label = step.date_sent and self.env._(
                "Sent on %(date)s", date=format_date(self.env, step._sent_day())
            )
            step.status_label = (
                step.sent_label
                if step.sent_label and step.state in OPEN_STEP_STATES
                else states.get(step.state)
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        # a step added by hand to a running chain without a due step becomes due
        steps.chain_id._kuemmerer_progress()
        return steps

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "date_deadline", "name"} & set(
            vals
        ) and not self.env.context.get("kuemmerer_from_activity"):
            due = self.filtered(lambda s: s.state == "todo")
            due.filtered("activity_id")._kuemmerer_update_activity()
            if {"user_id", "date_deadline"} & set(vals):
                # a due step whose To-Do was deleted gets a new one when it
                # is given to someone or a new date (see mail.activity.unlink)
                due.filtered(lambda s: not s.activity_id)._kuemmerer_schedule_activity()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ended(self):
        if any(step.state in ("done", "failed") for step in self):
            raise UserError(
                self.env._(
                    "A step that has ended is part of the record and cannot be deleted."
                )
            )

    def unlink(self):
        chains = self.chain_id
        self.env["kuemmerer.activity"]._kuemmerer_remove(self.activity_id)
        res = super().unlink()
        chains.exists()._kuemmerer_progress()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        return self._kuemmerer_end("done")

    def action_fail(self):
        return self._kuemmerer_end("failed")

    def action_skip(self):
        return self._kuemmerer_end("skipped")

    def action_open_send_wizard(self):
        """'Send' on the screens: what can be checked is checked first, then a
        dialog either records the missing consent of the resident (and goes
        on) or shows what will be sent before it is sent."""
        self.ensure_one()
        self._check_can_send()
        wizard = self.env["kuemmerer.referral.wizard"].create({"step_id": self.id})
        return wizard._kuemmerer_action()

    def action_send_to_provider(self):
        """Send the referral by e-mail, only with the resident's consent."""
        self.ensure_one()
        self._check_can_send()
        resident = self.need_id.partner_id
        Consent = self.env["kuemmerer.consent"]
        if not Consent._kuemmerer_consented(resident, "share_providers"):
            raise UserError(
                self.env._(
                    "%(resident)s has not agreed to share data with network partners. "
                    "Please record the consent first; nothing was sent.",
                    resident=resident.display_name,
                )
            )
        provider = self.provider_id
        template = self.env.ref("kuemmerer_addon.mail_template_help_step_provider")
        lang = provider.lang or self.env.user.lang
        step = self.with_context(lang=lang)
        subject = template.with_context(lang=lang)._render_field("subject", step.ids)[
            step.id
        ]
        body = template.with_context(lang=lang)._render_field("body_html", step.ids)[
            step.id
        ]
        body = step._kuemmerer_referral_body(body)  # the link to answer a referral
        self.need_id.with_context(mail_post_autofollow=False).message_post(
            body=body,
            subject=subject,
            partner_ids=provider.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
            # the e-mail's header shows the record name: the network partner
            # gets the reference, not the need's category
            record_name=self.need_id.name,
        )
        self.date_sent = fields.Datetime.now()
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_can_send(self):
        """Everything a referral needs, except the consent (see
        ``action_send_to_provider``): a clear message for each gap."""
        self.ensure_one()
        self.check_access("write")
        if self.step_type not in SENDING_STEP_TYPES:
            raise UserError(
                self.env._(
                    "Only steps that inform or refer to a network partner send an "
                    "e-mail."
                )
            )
        if self.state not in OPEN_STEP_STATES:
            raise UserError(self.env._("This step has already ended."))
        if self.date_sent:
            raise UserError(
                self.env._(
                    "This step was already sent to %(provider)s on %(date)s.",
                    provider=self.provider_id.display_name,
                    date=format_date(self.env, self._sent_day()),
                )
            )
        provider = self.provider_id
        if not provider:
            raise UserError(
                self.env._("Please choose the network partner for this step first.")
            )
        if not provider.email:
            raise UserError(
                self.env._(
                    "%(provider)s has no e-mail address. Please add it to the network "
                    "partner or contact them by phone.",
                    provider=provider.display_name,
                )
            )

    def _sent_day(self):
        self.ensure_one()
        return fields.Datetime.context_timestamp(self, self.date_sent).date()

    def _kuemmerer_end(self, state):
        ended = self.filtered(lambda s: s.state not in OPEN_STEP_STATES)
        if ended:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The step '%(name)s' has already ended (%(state)s).",
                    name=ended[0].name,
                    state=states[ended[0].state],
                )
            )
        if any(step.chain_id.state != "running" for step in self):
            raise UserError(self.env._("The help chain of this step is not running."))
        feedback = {
            "done": self.env._("Step done"),
            "failed": self.env._("Step failed"),
            "skipped": self.env._("Step skipped"),
        }[state]
        activities = self.activity_id
        self.write({"state": state, "date_done": fields.Date.context_today(self)})
        # the step has ended first: marking its To-Do done does not end it again
        self.env["kuemmerer.activity"]._kuemmerer_done(activities, feedback=feedback)
        self.chain_id._kuemmerer_progress()
        return True

    def _kuemmerer_done_by_activity(self, feedback=False):
        """The step's To-Do was marked done in the chatter or the activity
        menu (``mail.activity._action_done``): the step is done, the chain
        moves on, and the feedback typed there becomes part of the outcome.
        Odoo's own message on the need records who did it."""
        steps = self.filtered(
            lambda s: s.state == "todo" and s.chain_id.state == "running"
        )
        if not steps:
            return False
        today = fields.Date.context_today(self)
        for step in steps:
            values = {"state": "done", "date_done": today}
            text = (html2plaintext(feedback) if feedback else "").strip()
            if text:
                values["outcome"] = "\n\n".join(filter(None, [step.outcome, text]))
            step.write(values)
        steps.chain_id._kuemmerer_progress()
        return True

    def _kuemmerer_follow_activity(self, activities):
        """Activities of steps were given a new date or assignee in the
        chatter or the activity menu: the step follows its To-Do, which is
        its reminder (its due date and who does it are the same thing)."""
        for step in self.filtered(lambda s: s.state == "todo"):
            activity = step.activity_id
            if activity not in activities:
                continue
            values = {}
            if step.date_deadline != activity.date_deadline:
                values["date_deadline"] = activity.date_deadline
            if activity.user_id and step.user_id != activity.user_id:
                values["user_id"] = activity.user_id.id
            if values:
                # the To-Do is as the person left it (its summary included)
                step.with_context(kuemmerer_from_activity=True).write(values)
        return True

    def _kuemmerer_activity_values(self):
        self.ensure_one()
        return {
            "record": self.need_id,
            "activity_type": "mail.mail_activity_data_todo",
            "user_id": (self.user_id or self.need_id.user_id or self.env.user).id,
            "summary": self.name,
            "date_deadline": self.date_deadline or fields.Date.context_today(self),
        }

    def _kuemmerer_schedule_activity(self):
        """Exactly one activity per due step (notification policy: see
        kuemmerer.activity)."""
        steps = self.filtered(lambda s: s.state == "todo" and not s.activity_id)
        if not steps:
            return
        activities = self.env["kuemmerer.activity"]._kuemmerer_schedule(
            [step._kuemmerer_activity_values() for step in steps]
        )
        for step, activity in zip(steps, activities, strict=False):
            step.activity_id = activity

    def _kuemmerer_update_activity(self):
        Activity = self.env["kuemmerer.activity"]
        for step in self:
            values = step._kuemmerer_activity_values()
            Activity._kuemmerer_update(
                step.activity_id,
                {key: values[key] for key in ("user_id", "summary", "date_deadline")},
            )

    # The deadline of the steps the escalation still has to look at (due, not
    # escalated), NULL for all others: an index on it holds only those, and
    # PostgreSQL keeps statistics on the expression, so it knows how few of
    # them are overdue (a plain index on the deadline covers every step).
    _ESCALATION_KEY = (
        "(CASE WHEN state = 'todo' AND is_escalated IS NOT TRUE THEN date_deadline END)"
    )

    def init(self):
        res = super().init()
        create_index(
            self.env.cr,
            "kuemmerer_help_step_escalation_index",
            self._table,
            [self._ESCALATION_KEY],
        )
        return res

    @api.model
    def _cron_escalate_overdue(self, batch_size=500):
        """Daily: one activity for the quarter's coordinator per overdue step,
        never a second one for the same step."""
        today = self.env["kuemmerer.tools"]._cron_today()
        domain = [
            ("state", "=", "todo"),
            ("date_deadline", "<", today),
            ("is_escalated", "=", False),
        ]
        # The daily run usually finds nothing: one plain query over the
        # escalation index (the ORM search would order through the chain and
        # the need) keeps it cheap.
        self.flush_model(["state", "date_deadline", "is_escalated"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM kuemmerer_help_step WHERE %s < %s ORDER BY id LIMIT %s",
                SQL(self._ESCALATION_KEY),
                today,
                batch_size,
            )
        )
        if not rows:
            return
        steps = self.browse(row[0] for row in rows)
        remaining = self.search_count(domain) - len(steps)
        fallback = self.env["kuemmerer.tools"]._fallback_coordinator()
        Activity = self.env["kuemmerer.activity"]
        steps.fetch(["need_id", "quarter_id", "name", "date_deadline"])
        steps.quarter_id.fetch(["manager_id"])
        vals_list = []
        for step in steps:
            user = step.quarter_id.manager_id or fallback or self.env.user
            _ = Activity._kuemmerer_lang(user)  # the coordinator's language
            vals_list.append(
                {
                    "record": step.need_id,
                    "activity_type": "mail.mail_activity_data_warning",
                    "user_id": user.id,
                    "summary": _("Overdue step: %(name)s", name=step.name),
                    "note": _(
                        "The step was due on %(date)s.",
                        date=format_date(
                            self.env, step.date_deadline, lang_code=user.lang
                        ),
                    ),
                    "date_deadline": today,
                }
            )
        Activity._kuemmerer_schedule(vals_list, automatic=True)
        steps.write({"is_escalated": True})
        self.env["ir.cron"]._notify_progress(done=len(steps), remaining=remaining)
