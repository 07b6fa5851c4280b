# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Contact radar (Früherkennung): who has not been contacted for too long."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import format_date

from .kuemmerer_need import OPEN_STATES

# the rules of the attention level, in the order the form explains them
ATTENTION_CRITERIA = (
    "contact_overdue",
    "lives_alone",
    "attention_need",
    "missed_event",
)

# The radar's second question as plain SQL over an expression index on
# res_partner (see ResPartner.init): the key is the date from which a watched
# resident is overdue (-infinity when never contacted), and NULL once an open
# "Kontakt aufnehmen" activity is linked. The daily run so reads only the
# residents that became due since, not every overdue one; and PostgreSQL
# keeps statistics on the expression, so it knows that few keys lie before
# today. The first question (the attention level does not count the overdue
# contact yet) has its index on the case file: kuemmerer.resident.
RADAR_TODO_INDEX = "res_partner_kuemmerer_radar_todo_index"
RADAR_TODO_KEY = (
    "(CASE WHEN is_resident AND active AND contact_interval_days > 0 "
    "AND kuemmerer_radar_activity_id IS NULL "
    "THEN COALESCE(next_contact_date, '-infinity'::date) END)"
)


# The radar's first question, the same way over an expression index on the
# case file: the key is the date from which a watched resident is overdue
# (-infinity when never contacted), and NULL once the stored attention level
# counts the overdue contact.
RADAR_STALE_INDEX = "kuemmerer_resident_radar_stale_index"
RADAR_STALE_KEY = (
    "(CASE WHEN radar_watch AND attention_contact_overdue IS NOT TRUE "
    "THEN COALESCE(radar_due_date, '-infinity'::date) END)"
)


class KuemmererRadar(models.AbstractModel):
    _name = "kuemmerer.radar"
    _description = "Contact Radar"

    @api.model
    def _select_stale(self, today, limit=None):
        """Ids of the case files whose stored attention level does not count
        their overdue contact yet, or their number without ``limit``."""
        where = SQL("%s < %s", SQL(RADAR_STALE_KEY), today)
        if limit is None:
            return self.env.execute_query(
                SQL("SELECT count(*) FROM kuemmerer_resident WHERE %s", where)
            )[0][0]
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM kuemmerer_resident WHERE %s ORDER BY id LIMIT %s",
                where,
                limit,
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _select_todo(self, today, limit=None):
        """Ids of the overdue residents without an open radar activity, or
        their number without ``limit``."""
        where = SQL("%s < %s", SQL(RADAR_TODO_KEY), today)
        if limit is None:
            return self.env.execute_query(
                SQL("SELECT count(*) FROM res_partner WHERE %s", where)
            )[0][0]
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM res_partner WHERE %s ORDER BY id LIMIT %s", where, limit
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _cron_contact_radar(self, batch_size=1000):
        """Daily contact radar (Früherkennung).

        1. A contact that becomes overdue raises the stored attention level:
           recompute it for the residents whose level does not count it yet.
        2. One "Kontakt aufnehmen" activity for the responsible Kümmerer per
           overdue resident without an open one.

        Both select what is not yet processed and mark it in the same
        transaction, in batches, with a fixed number of queries per batch.
        """
        today = self.env["kuemmerer.tools"]._cron_today()
        Partner = self.env["res.partner"].sudo()
        Resident = self.env["kuemmerer.resident"].sudo()
        Partner.flush_model(
            [
                "is_resident",
                "active",
                "contact_interval_days",
                "next_contact_date",
                "kuemmerer_radar_activity_id",
            ]
        )
        Resident.flush_model(
            ["radar_watch", "radar_due_date", "attention_contact_overdue"]
        )
        stale = Resident.browse(self._select_stale(today, batch_size))
        if stale:
            for fname in ("attention_level", "attention_contact_overdue"):
                self.env.add_to_compute(Resident._fields[fname], stale)
            stale.flush_recordset(["attention_level", "attention_contact_overdue"])
        todo = Partner.browse(self._select_todo(today, batch_size))
        if todo:
            self._schedule_activities(todo)
        self.env.flush_all()
        remaining = 0
        if len(stale) == batch_size or len(todo) == batch_size:
            remaining = self._select_stale(today) + self._select_todo(today)
        self.env["ir.cron"]._notify_progress(
            done=len(stale) + len(todo), remaining=remaining
        )

    @api.model
    def _schedule_activities(self, partners):
        """One open "Kontakt aufnehmen" activity per resident of ``partners``,
        remembered on the partner. An open activity of that type scheduled by
        hand counts as well. No detail of the resident's situation goes into
        the activity: every internal user may see a contact's activities."""
        if not partners:
            return self.env["mail.activity"]
        activity_type = self.env.ref("kuemmerer_addon.mail_activity_type_contact_radar")
        Activity = self.env["mail.activity"].sudo()
        existing = {
            activity.res_id: activity
            for activity in Activity.search_fetch(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
                order="id",
            )
        }
        partners = partners.sudo()
        partners.fetch(["kuemmerer_user_id", "quarter_id", "name"])
        partners.mapped("display_name")  # mail.activity reads it per record
        fallback = self.env["kuemmerer.tools"]._fallback_coordinator()
        today = fields.Date.context_today(self)
        to_create = partners.filtered(lambda p: p.id not in existing)
        # silent: the nightly radar's activities wait in the activity menu
        activities = self.env["kuemmerer.activity"]._kuemmerer_schedule(
            [
                {
                    "record": partner,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.with_context(lang=user.lang).summary
                    or activity_type.with_context(lang=user.lang).name,
                    "user_id": user.id,
                    "date_deadline": today,
                }
                for partner, user in (
                    (
                        partner,
                        self.env["kuemmerer.responsibility"]._responsible_user(partner)
                        or partner.quarter_id.manager_id
                        or fallback
                        or self.env.user,
                    )
                    for partner in to_create
                )
            ],
            automatic=True,
        )
        for partner, activity in zip(to_create, activities, strict=True):
            partner.kuemmerer_radar_activity_id = activity
        for partner in partners - to_create:
            partner.kuemmerer_radar_activity_id = existing[partner.id]
        return activities

    # ------------------------------------------------------------
    # ATTENTION LEVEL
    # ------------------------------------------------------------

    @api.model
    def _attention_criteria(self, residents):
        """Which rules of the attention level apply, for the case files
        ``residents``: {resident id: {criterion: detail}} in ATTENTION_CRITERIA
        order. A fixed number of queries, whatever the number of residents."""
        residents = residents.filtered(lambda r: r.partner_id.is_resident)
        partner_ids = [pid for pid in residents._origin.partner_id.ids if pid]
        needs = self._attention_needs(partner_ids)
        missed = self._missed_events(partner_ids)
        today = fields.Date.context_today(self)
        result = {}
        for resident in residents:
            partner = resident.partner_id
            partner_id = partner._origin.id
            found = {}
            # from the stored fields, not the cached contact_overdue: the
            # radar may run in a transaction that began on another day
            if partner.contact_interval_days > 0 and (
                not partner.last_contact_date or partner.next_contact_date < today
            ):
                found["contact_overdue"] = partner.last_contact_date
            if resident.lives_alone:
                found["lives_alone"] = True
            if partner_id in needs:
                found["attention_need"] = needs[partner_id]
            if partner_id in missed:
                found["missed_event"] = missed[partner_id]
            result[resident.id] = found
        return result

    @api.model
    def _attention_needs(self, partner_ids):
        """{partner id: [category names]} of the open needs that call for
        attention."""
        if not partner_ids:
            return {}
        groups = (
            self.env["kuemmerer.need"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partner_ids),
                    ("state", "in", OPEN_STATES),
                    ("category_id.is_attention_relevant", "=", True),
                ],
                ["partner_id", "category_id"],
            )
        )
        needs = {}
        for partner, category in groups:
            needs.setdefault(partner.id, []).append(category.name)
        return needs

    @api.model
    def _missed_events(self, partner_ids):
        """{partner id: event}: the last neighbourhood event each accepted and
        whose attendance was recorded, when they did not come."""
        if not partner_ids:
            return {}
        attendees = (
            self.env["calendar.attendee"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", partner_ids),
                    ("state", "=", "accepted"),
                    ("kuemmerer_attendance", "!=", False),
                    ("event_id.is_neighbourhood_event", "=", True),
                ],
                ["partner_id", "event_id", "kuemmerer_attendance"],
            )
        )
        attendees.event_id.fetch(["start", "name"])
        last = {}
        for attendee in attendees:
            known = last.get(attendee.partner_id.id)
            if not known or attendee.event_id.start > known.event_id.start:
                last[attendee.partner_id.id] = attendee
        return {
            partner_id: attendee.event_id
            for partner_id, attendee in last.items()
            if attendee.kuemmerer_attendance == "absent"
        }

    @api.model
    def _attention_text(self, resident, criterion, detail):
        """One rule of the attention level in words, for the form."""
        partner = resident.partner_id
        if criterion == "contact_overdue":
            if not detail:
                return self.env._(
                    "Contact is overdue: never contacted, although every %(days)s "
                    "days is wanted.",
                    days=partner.contact_interval_days,
                )
            return self.env._(
                "Contact is overdue: last contact on %(date)s, wanted every %(days)s "
                "days.",
                date=format_date(self.env, detail),
                days=partner.contact_interval_days,
            )
        if criterion == "lives_alone":
            return self.env._("Lives alone.")
        if criterion == "attention_need":
            return self.env._(
                "Open need: %(categories)s.", categories=", ".join(detail)
            )
        return self.env._(
            "Did not come to the last neighbourhood event they had accepted "
            "(%(event)s on %(date)s).",
            event=detail.name,
            date=format_date(self.env, detail._kuemmerer_local_start().date()),
        )

    @api.model
    def _last_contact_dates(self, partners):
        """{partner id: day of the last logged contact}."""
        groups = self.env["kuemmerer.contact"]._read_group(
            [("partner_id", "in", partners.ids)], ["partner_id"], ["date:max"]
        )
        return {partner.id: last.date() for partner, last in groups if last}

    @api.model
    def _overdue_domain(self, operator, value):
        """The search of ``res.partner.contact_overdue``."""
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("This search is not supported."))
        today = fields.Date.context_today(self)
        overdue = [
            ("contact_interval_days", ">", 0),
            "|",
            ("last_contact_date", "=", False),
            ("next_contact_date", "<", today),
        ]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", *expression.normalize_domain(overdue)]
