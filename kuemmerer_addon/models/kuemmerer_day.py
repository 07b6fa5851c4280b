# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools.misc import format_date

# the most overdue contacts shown on the day; the radar lists them all
OVERDUE_CONTACTS_SHOWN = 10


class KuemmererDay(models.Model):
    """'Mein Tag': where a Kümmerer starts the day. Due steps, overdue
    contacts, today's home visits and new hints from staff, each one tap away
    from its record.

    One saved record per user (so that the page has a stable address that a
    tablet can reload), with computed lists that are read anew each time the
    page is shown: a fixed number of queries, whatever the number of items.
    Everything is selected for the day's user by an explicit domain (not by
    the record rules), so a coordinator, who may read every quarter, sees
    only their own day as well."""

    _name = "kuemmerer.day"
    _description = "My Day"

    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
    )
    date = fields.Date(compute="_compute_date")
    date_label = fields.Char(compute="_compute_date")
    # the day's work, in this order
    step_ids = fields.Many2many(
        "kuemmerer.help.step", string="Due Steps", compute="_compute_day"
    )
    step_count = fields.Integer(string="Due Steps (number)", compute="_compute_day")
    resident_ids = fields.Many2many(
        "kuemmerer.resident", string="Overdue Contacts", compute="_compute_day"
    )
    resident_count = fields.Integer(
        string="Overdue Contacts (number)", compute="_compute_day"
    )
    resident_more = fields.Boolean(
        string="More Overdue Contacts",
        compute="_compute_day",
        help="More contacts are overdue than the day shows: the radar lists them all.",
    )
    visit_ids = fields.Many2many(
        "kuemmerer.visit", string="Home Visits Today", compute="_compute_day"
    )
    visit_count = fields.Integer(
        string="Home Visits Today (number)", compute="_compute_day"
    )
    hint_ids = fields.Many2many(
        "kuemmerer.need", string="New Hints", compute="_compute_day"
    )
    hint_count = fields.Integer(string="New Hints (number)", compute="_compute_day")

    _sql_constraints = [
        ("user_uniq", "unique(user_id)", "Every user has one day page."),
    ]

    @api.depends_context("uid", "tz", "lang")
    def _compute_date(self):
        today = fields.Date.context_today(self)
        label = format_date(self.env, today, date_format="EEEE, d. MMMM y")
        for day in self:
            day.date = today
            day.date_label = label

    def _compute_display_name(self):
        for day in self:
            day.display_name = self.env._("My Day")

    @api.depends_context("uid", "tz")
    def _compute_day(self):
        for day in self:
            values = day._kuemmerer_day_values()
            day.step_ids = values["steps"]
            day.step_count = len(values["steps"])
            day.resident_ids = values["residents"][:OVERDUE_CONTACTS_SHOWN]
            day.resident_count = len(values["residents"])
            day.resident_more = len(values["residents"]) > OVERDUE_CONTACTS_SHOWN
            day.visit_ids = values["visits"]
            day.visit_count = len(values["visits"])
            day.hint_ids = values["hints"]
            day.hint_count = len(values["hints"])

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_kuemmerer_open(self):
        """The current user's day (saved on first use)."""
        day = self.search([("user_id", "=", self.env.uid)], limit=1)
        if not day:
            day = self.create({})
            # create() caches the x2many fields of a new record as empty,
            # computed ones too: read them anew
            day.invalidate_recordset()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_day_action"
        )
        action["res_id"] = day.id
        return action

    def action_view_overdue_contacts(self):
        """All overdue contacts: the radar, filtered."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_resident_action_radar"
        )
        action["context"] = {
            "search_default_my_residents": 1,
            "search_default_contact_overdue": 1,
            "create": False,
        }
        return action

    def action_view_steps(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_help_step_action"
        )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_day_values(self):
        """The records of the day of ``self.user_id``, each list in its order.
        One search per list."""
        self.ensure_one()
        user = self.user_id
        today = fields.Date.context_today(self)
        # due steps: theirs, by due date (without a date last)
        steps = self.env["kuemmerer.help.step"].search(
            [
                ("user_id", "=", user.id),
                ("state", "=", "todo"),
                "|",
                ("date_deadline", "=", False),
                ("date_deadline", "<=", today),
            ],
            order="date_deadline asc nulls last, id",
        )
        residents = self._kuemmerer_overdue_residents(today)
        # today's home visits, in the user's time zone
        start, end = self._kuemmerer_day_bounds(today)
        visits = self.env["kuemmerer.visit"].search(
            [
                ("user_id", "=", user.id),
                ("state", "=", "planned"),
                ("date", ">=", start),
                ("date", "<", end),
            ],
            order="date, id",
        )
        # new hints from staff: assigned to them or of their quarters, the
        # longest waiting first
        hints = self.env["kuemmerer.need"].search(
            [
                ("source", "=", "staff_hint"),
                ("state", "=", "new"),
                "|",
                ("user_id", "=", user.id),
                ("quarter_id.user_ids", "in", user.ids),
            ],
            order="date_detected, id",
        )
        return {
            "steps": steps,
            "residents": residents,
            "visits": visits,
            "hints": hints,
        }

    def _kuemmerer_overdue_residents(self, today):
        """Overdue contacts of the residents the user holds: handed to them,
        or of their quarters when no Kümmerer is named; never contacted
        first, then the longest overdue."""
        user = self.user_id
        return self.env["kuemmerer.resident"].search(
            [
                ("radar_watch", "=", True),
                "|",
                ("radar_due_date", "=", False),
                ("radar_due_date", "<", today),
                "|",
                ("kuemmerer_user_id", "=", user.id),
                "&",
                ("kuemmerer_user_id", "=", False),
                ("quarter_id.user_ids", "in", user.ids),
            ],
            order="radar_due_date asc nulls first, name, id",
        )

    def _kuemmerer_day_bounds(self, day):
        """``day`` in the user's time zone as naive UTC datetimes [start, end)."""
        tz = pytz.timezone(self.env.context.get("tz") or self.user_id.tz or "UTC")
        return tuple(
            tz.localize(datetime.combine(value, time.min))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
            for value in (day, day + timedelta(days=1))
        )
