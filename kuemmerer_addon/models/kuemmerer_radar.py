# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Contact radar (Früherkennung): who has not been contacted for too long."""
from odoo import api, fields, models
from odoo.tools import SQL

# The radar's second question as plain SQL over an expression index on
# res_partner (see ResPartner.init): the key is the date from which a watched
# resident is overdue (-infinity when never contacted), and NULL once an open
# "Kontakt aufnehmen" activity is linked. The daily run so reads only the
# residents that became due since, not every overdue one; and PostgreSQL
# keeps statistics on the expression, so it knows that few keys lie before
# today. The first question (the attention level does not count the overdue
# contact yet) has its index on the case file: kuemmerer.resident.
RADAR_TODO_KEY = (
    "(CASE WHEN is_resident AND active AND contact_interval_days > 0 "
    "AND kuemmerer_radar_activity_id IS NULL "
    "THEN COALESCE(next_contact_date, '-infinity'::date) END)"
)


class KuemmererRadar(models.AbstractModel):
    _name = "kuemmerer.radar"
    _description = "Contact Radar"

    @api.model
    def _select_todo(self, today, limit=None):
        """Ids of the overdue residents without an open radar activity, or
        their number without ``limit``."""
        where = SQL("%s < %s", SQL(RADAR_TODO_KEY), today)
        if limit is None:
            return self.env.execute_query(SQL("SELECT count(*) FROM res_partner WHERE %s", where))[0][0]
        rows = self.env.execute_query(
            SQL("SELECT id FROM res_partner WHERE %s ORDER BY id LIMIT %s", where, limit)
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
            ["is_resident", "active", "contact_interval_days", "next_contact_date", "kuemmerer_radar_activity_id"]
        )
        Resident.flush_model(["radar_watch", "radar_due_date", "attention_contact_overdue"])
        stale = Resident.browse(Resident._kuemmerer_radar_stale(today, batch_size))
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
            remaining = Resident._kuemmerer_radar_stale(today) + self._select_todo(today)
        self.env["ir.cron"]._notify_progress(done=len(stale) + len(todo), remaining=remaining)

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
                        partner._kuemmerer_responsible_user()
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
