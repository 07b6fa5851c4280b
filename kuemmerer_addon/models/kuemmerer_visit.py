# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html
from odoo.tools.misc import format_date

from ..const import CASEWORK
from .kuemmerer_need import OPEN_STATES
from .kuemmerer_visit_planning import VISIT_INTERVAL_MONTHS


class KuemmererVisit(models.Model):
    _name = "kuemmerer.visit"
    _inherit = [
        "kuemmerer.casework.thread",
        "kuemmerer.sensitive.mixin",
        "kuemmerer.resident.record",
        "kuemmerer.calendar.linked",
    ]
    _kuemmerer_sensitive_fields = ("note",)
    _description = "Preventive Home Visit"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    # who and when
    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_resident", "=", True)],
        ondelete="restrict",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Kümmerer",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(CASEWORK).id)],
    )
    date = fields.Datetime(
        required=True,
        default=lambda self: self._default_date(),
        index=True,
        tracking=True,
    )
    duration = fields.Float(string="Duration (hours)", default=1.0)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        index=True,
        tracking=True,
        copy=False,
    )
    quarter_id = fields.Many2one(
        related="partner_id.quarter_id", store=True, index=True
    )
    # the visits of a day in the order of the buildings (one walk, not a zigzag)
    building_id = fields.Many2one(
        related="partner_id.building_id", store=True, index="btree_not_null"
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Calendar Entry",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    # checklist
    checklist_id = fields.Many2one(
        "kuemmerer.checklist",
        string="Checklist",
        default=lambda self: self.env["kuemmerer.checklist"].search([], limit=1),
        ondelete="restrict",
    )
    answer_ids = fields.One2many(
        "kuemmerer.visit.answer", "visit_id", string="Answers", copy=False
    )
    unanswered_count = fields.Integer(
        compute="_compute_unanswered_count", string="Unanswered"
    )
    note = fields.Text(string="Notes", groups=CASEWORK)
    # outcome
    contact_id = fields.Many2one(
        "kuemmerer.contact", string="Contact", readonly=True, copy=False
    )
    need_ids = fields.Many2many(
        "kuemmerer.need",
        "kuemmerer_visit_need_rel",
        "visit_id",
        "need_id",
        string="Needs",
        readonly=True,
        copy=False,
        help="The needs recorded or added to by this visit.",
    )
    need_count = fields.Integer(compute="_compute_need_count")
    next_visit_date = fields.Date(
        string="Next Visit Proposed",
        copy=False,
        help="Proposed when the visit is finished, after the quarter's home visit "
        "interval.",
    )

    def _default_date(self):
        # the next full hour
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        return now + timedelta(hours=1)

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for visit in self:
            if not visit.partner_id:
                visit.display_name = self.env._("New Home Visit")
                continue
            visit.display_name = self.env._(
                "Home visit: %(name)s (%(date)s)",
                name=visit.partner_id.name,
                date=visit.date
                and format_date(
                    self.env,
                    fields.Datetime.context_timestamp(visit, visit.date).date(),
                ),
            )

    @api.depends("answer_ids")
    def _compute_unanswered_count(self):
        for visit in self:
            visit.unanswered_count = len(visit._unanswered())

    @api.depends("need_ids")
    def _compute_need_count(self):
        for visit in self:
            visit.need_count = len(visit.need_ids)

    def _kuemmerer_not_resident_text(self):
        return self.env._(
            "Home visits can only be planned for residents. Please mark the person as "
            "a resident first."
        )

    @api.constrains("duration")
    def _check_duration(self):
        if any(visit.duration <= 0 for visit in self):
            raise ValidationError(
                self.env._("The duration of a home visit must be positive.")
            )

    @api.onchange("checklist_id")
    def _onchange_checklist_id(self):
        # show the questions at once, before the visit is saved
        if not self.answer_ids.filtered("answer"):
            self.answer_ids = [Command.clear()] + [
                Command.create({"question_id": question.id})
                for question in self.checklist_id.question_ids
            ]

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._check_user_looks_after()
        visits._sync_answers()
        visits.filtered(lambda v: v.state == "planned")._kuemmerer_sync_calendar_event()
        return visits

    def write(self, vals):
        result = super().write(vals)
        if {"partner_id", "user_id"}.intersection(vals):
            self._check_user_looks_after()
        if "checklist_id" in vals:
            self._sync_answers()
        if {"partner_id", "user_id", "date", "duration"}.intersection(vals):
            self.filtered(
                lambda v: v.state == "planned"
            )._kuemmerer_sync_calendar_event()
        return result

    def _check_user_looks_after(self):
        """A home visit goes to a Kümmerer who looks after the resident (or a
        coordinator): it is casework, and finishing it records into the
        resident's needs."""
        if self.env.su:
            return
        Responsibility = self.env["kuemmerer.responsibility"]
        for visit in self:
            if not Responsibility._in_care(visit.partner_id, visit.user_id):
                raise UserError(
                    self.env._(
                        "%(user)s does not look after %(name)s. Please choose the "
                        "resident's "
                        "Kümmerer, or hand the resident over first.",
                        user=visit.user_id.name,
                        name=visit.partner_id.sudo().display_name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        """Finish the visit: log a contact (channel ``visit``), record one need
        per category with an answer that points to a need (or add a note to
        the open need of that category instead), and propose the next visit.
        Checks everything first: on an error nothing is written. On the
        screen, ``action_open_finish_wizard`` shows all this first."""
        for visit in self:
            visit._check_can_finish()
        for visit in self:
            visit._finish()
        return True

    def action_open_finish_wizard(self):
        """'Finish Visit' on the screen: the checks first, then a preview of
        what will be recorded, where the Kümmerer unticks what should not."""
        self.ensure_one()
        self._check_can_finish()
        day = self._finish_day()
        wizard = self.env["kuemmerer.visit.finish.wizard"].create(
            {
                "visit_id": self.id,
                "next_visit_date": day
                + relativedelta(months=self._visit_interval_months()),
            }
        )
        wizard._kuemmerer_prepare_lines()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Finish Home Visit"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_cancel(self):
        not_planned = self.filtered(lambda v: v.state != "planned")
        if not_planned:
            raise UserError(
                self.env._(
                    "Only planned home visits can be cancelled. %(visit)s is already "
                    "'%(state)s'.",
                    visit=not_planned[0].display_name,
                    state=not_planned[0]._state_label(),
                )
            )
        self.write({"state": "cancelled"})
        self.calendar_event_id.sudo().write({"active": False})
        return True

    def action_plan_next_visit(self):
        """Plan the follow-up visit on the proposed date (or open the one
        already planned)."""
        self.ensure_one()
        planned = self.search(
            [("partner_id", "=", self.partner_id.id), ("state", "=", "planned")],
            limit=1,
        )
        if not planned:
            day = self.next_visit_date or fields.Date.context_today(
                self
            ) + relativedelta(months=self._visit_interval_months())
            planned = self.create(
                {
                    "partner_id": self.partner_id.id,
                    "user_id": self.user_id.id,
                    "checklist_id": self.checklist_id.id,
                    "duration": self.duration,
                    "date": datetime.combine(day, self.date.time()),
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": planned.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_needs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_need_action"
        )
        action["domain"] = [("id", "in", self.need_ids.ids)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _visit_interval_months(self):
        self.ensure_one()
        return self.sudo().quarter_id.visit_interval_months or VISIT_INTERVAL_MONTHS

    def _unanswered(self):
        self.ensure_one()
        return self.answer_ids.filtered(lambda answer: not answer.answer)

    def _check_can_finish(self):
        self.ensure_one()
        if self.state != "planned":
            raise UserError(
                self.env._(
                    "Only planned home visits can be finished. %(visit)s is already "
                    "'%(state)s'.",
                    visit=self.display_name,
                    state=self._state_label(),
                )
            )
        visit_day = fields.Datetime.context_timestamp(self, self.date).date()
        if visit_day > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "This home visit is planned for %(date)s. It can be finished on "
                    "that day "
                    "or later; please change the date if it took place earlier.",
                    date=format_date(self.env, visit_day),
                )
            )
        unanswered = self._unanswered()
        if unanswered:
            raise UserError(
                self.env._(
                    "%(count)s questions of the checklist are not answered yet, for "
                    "example: "
                    "'%(question)s'. Please answer every question; choose 'Not "
                    "applicable' "
                    "when a question does not fit.",
                    count=len(unanswered),
                    question=unanswered[0].question_id.name,
                )
            )

    def _kuemmerer_finish(self, categories):
        """Finish the visit from the preview: only the needs of ``categories``
        (a recordset of need categories) are recorded or noted."""
        self.ensure_one()
        self._check_can_finish()
        self._finish(categories)
        return True

    def _finish_day(self):
        self.ensure_one()
        date = min(self.date, fields.Datetime.now())
        return fields.Datetime.context_timestamp(self, date).date()

    def _finish(self, categories=None):
        """``categories``: the need categories to record (None: all that the
        answers point to)."""
        self.ensure_one()
        date = min(self.date, fields.Datetime.now())
        day = self._finish_day()
        contact = self.env["kuemmerer.contact"].create(
            {
                "partner_id": self.partner_id.id,
                "date": date,
                "channel": "visit",
                "user_id": self.user_id.id,
                "summary": self.note or self.env._("Preventive home visit."),
            }
        )
        needs = self._record_needs(day, categories)
        self.write(
            {
                "state": "done",
                "contact_id": contact.id,
                "need_ids": [Command.link(need.id) for need in needs],
                "next_visit_date": day
                + relativedelta(months=self._visit_interval_months()),
            }
        )

    def _kuemmerer_need_preview(self):
        """{need category: (the resident's open need of it or an empty
        recordset, the answers that point to it)} for each category with an
        answer that points to a need."""
        self.ensure_one()
        triggered = self.answer_ids.filtered(
            lambda answer: answer.answer == answer.question_id.trigger_answer
        )
        if not triggered:
            return {}
        by_category = triggered.grouped(lambda answer: answer.question_id.category_id)
        # as the user: a visit never writes into a need its Kümmerer may not
        # see (the resident's quarter's needs are all visible to them)
        open_needs = self.env["kuemmerer.need"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("category_id", "in", [category.id for category in by_category]),
                ("state", "in", OPEN_STATES),
            ],
            order="date_detected desc, id desc",
        )
        return {
            category: (
                open_needs.filtered(
                    lambda n, category=category: n.category_id == category
                )[:1],
                answers,
            )
            for category, answers in by_category.items()
        }

    def _record_needs(self, day, categories=None):
        """One need per category with an answer that points to a need; when the
        resident already has an open need of that category, a note on it
        instead of a duplicate. Only ``categories`` when given. Returns the
        needs recorded or noted."""
        self.ensure_one()
        noted = self.env["kuemmerer.need"]
        vals_list = []
        for category, (need, answers) in self._kuemmerer_need_preview().items():
            if categories is not None and category not in categories:
                continue
            text = self._need_text(answers, day)
            if need:
                need.message_post(
                    body=plaintext2html(text),
                    author_id=self.env.user.partner_id.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
                noted |= need
                continue
            vals_list.append(
                {
                    "partner_id": self.partner_id.id,
                    "category_id": category.id,
                    "source": "home_visit",
                    "description": text,
                    "user_id": self.user_id.id,
                    "date_detected": day,
                }
            )
        created = self.env["kuemmerer.need"].create(vals_list)
        return created | noted

    def _need_text(self, answers, day):
        lines = [
            self.env._(
                "Preventive home visit on %(date)s:", date=format_date(self.env, day)
            )
        ]
        return "\n".join(lines + self._answer_lines(answers))

    def _answer_lines(self, answers):
        labels = dict(answers._fields["answer"]._description_selection(self.env))
        lines = []
        for answer in answers:
            line = f"- {answer.question_id.name}: {labels[answer.answer]}"
            if answer.note:
                line += f" ({answer.note})"
            lines.append(line)
        return lines

    def _sync_answers(self):
        """One answer line per question of the checklist; unanswered lines of
        questions no longer on the checklist go."""
        for visit in self.filtered(lambda v: v.state == "planned"):
            questions = visit.checklist_id.question_ids
            answers = visit.answer_ids
            commands = [
                Command.unlink(answer.id)
                for answer in answers
                if answer.question_id not in questions and not answer.answer
            ]
            commands += [
                Command.create({"question_id": question.id})
                for question in questions - answers.question_id
            ]
            if commands:
                visit.answer_ids = commands

    def _kuemmerer_sync_calendar_event(self):
        self.env["kuemmerer.visit.planning"]._sync_calendar_events(self)
