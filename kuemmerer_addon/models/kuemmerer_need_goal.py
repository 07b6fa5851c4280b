# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The help plan of a need (Hilfe zur Selbsthilfe): goals, each with whose it
is - the resident's own, the Kümmerer's, a volunteer's or a network
partner's - a state and a review date. A review date gives the need's
responsible person an activity on that day; the plan prints in large type
for the resident to keep (report/kuemmerer_help_plan_report.xml)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

OWNERS = [
    ("resident", "The resident"),
    ("kuemmerer", "Kümmerer"),
    ("volunteer", "Volunteer"),
    ("provider", "Network partner"),
]
NAME_MAX_LENGTH = 300


class KuemmererNeedGoal(models.Model):
    _name = "kuemmerer.need.goal"
    _description = "Goal of a Help Plan"
    _order = "need_id, sequence, id"

    # plan
    need_id = fields.Many2one(
        "kuemmerer.need", string="Need", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        related="need_id.partner_id", string="Resident", store=True, index=True
    )
    quarter_id = fields.Many2one(related="need_id.quarter_id", store=True, index=True)
    company_id = fields.Many2one(related="need_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    # goal
    name = fields.Char(string="Goal", required=True)
    owner = fields.Selection(
        OWNERS,
        string="Whose Goal",
        required=True,
        default="resident",
        help="Who takes care of it. What the resident does themselves is named "
        "as theirs.",
    )
    state = fields.Selection(
        [("open", "Open"), ("reached", "Reached"), ("dropped", "Dropped")],
        required=True,
        default="open",
        index=True,
    )
    date_review = fields.Date(
        string="Review On", help="On this day you get an activity to look at the goal."
    )
    date_reached = fields.Date(string="Reached On", readonly=True, copy=False)
    activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, index="btree_not_null"
    )

    @api.constrains("name")
    def _check_name(self):
        for goal in self:
            if len(goal.name or "") > NAME_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "Please describe the goal in at most %(count)s characters.",
                        count=NAME_MAX_LENGTH,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        goals = super().create(vals_list)
        goals._kuemmerer_sync_review()
        return goals

    def write(self, vals):
        if vals.get("state") == "reached":
            vals = dict(vals, date_reached=fields.Date.context_today(self))
        elif vals.get("state") in ("open", "dropped"):
            vals = dict(vals, date_reached=False)
        res = super().write(vals)
        if {"date_review", "state", "name", "need_id"} & set(vals):
            self._kuemmerer_sync_review()
        return res

    def unlink(self):
        self.env["kuemmerer.activity"]._kuemmerer_remove(self.activity_id)
        return super().unlink()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_reached(self):
        self.write({"state": "reached"})
        return True

    def action_drop(self):
        self.write({"state": "dropped"})
        return True

    def action_reopen(self):
        self.write({"state": "open"})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_sync_review(self):
        """One activity per open goal with a review date, on that date, for
        the need's responsible person; none for a goal that is reached,
        dropped or has no review date."""
        Activity = self.env["kuemmerer.activity"]
        feedback = self.env._("Goal reached or dropped")
        ended = self.filtered(lambda g: g.activity_id and g.state != "open")
        Activity._kuemmerer_done(ended.activity_id, feedback=feedback)
        undated = self.filtered(lambda g: g.activity_id and not g.date_review)
        Activity._kuemmerer_remove(undated.activity_id)
        (ended | undated).write({"activity_id": False})
        due = self.filtered(lambda g: g.state == "open" and g.date_review)
        for goal in due.filtered("activity_id"):
            Activity._kuemmerer_update(
                goal.activity_id,
                {"date_deadline": goal.date_review, "summary": goal._review_summary()},
            )
        new = due.filtered(lambda g: not g.activity_id)
        if new:
            activities = Activity._kuemmerer_schedule(
                [
                    {
                        "record": goal.need_id,
                        "user_id": (goal.need_id.user_id or self.env.user).id,
                        "summary": goal._review_summary(),
                        "date_deadline": goal.date_review,
                    }
                    for goal in new
                ]
            )
            for goal, activity in zip(new, activities, strict=False):
                goal.activity_id = activity

    def _review_summary(self):
        self.ensure_one()
        user = self.need_id.user_id or self.env.user
        _ = self.env["kuemmerer.activity"]._kuemmerer_lang(user)
        return _("Review goal: %(goal)s", goal=self.name)
