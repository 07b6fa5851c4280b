# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class KuemmererActivity(models.AbstractModel):
    """The one place where the addon schedules, finishes and removes
    activities (``mail.activity``), with one notification policy.

    Notification policy:

    * An activity that a person's action gives to *someone else* is announced
      to the assignee with Odoo's "assigned to you" notification (an e-mail
      or an Odoo inbox message, as the assignee chose in their preferences):
      a hint reported by staff, a step that becomes due because a colleague,
      a coordinator or a volunteer (portal) finished the previous one, a help
      chain finished by someone else.
    * An activity a person gives to *themself* is silent: they just did it.
    * An activity created by a scheduled action (``automatic=True``:
      escalation of overdue steps, contact radar, police certificates) is
      silent. These come in batches every night; they wait in the
      assignee's activity menu, and a mail per record would teach people
      to ignore the addon's mail.

    Whatever the policy, the assignee follows the record (Odoo subscribes
    them), so later messages reach them as usual.

    Activities are created as superuser, as the acting user (``sudo()``
    keeps the user): the assignee must get their reminder even when the
    acting person (staff, a volunteer on the portal) may not write on the
    record. Summaries and notes are stored as written: callers write them in
    the assignee's language (``_kuemmerer_lang``).
    """

    _name = "kuemmerer.activity"
    _description = "Activities of the Kümmerer Addon"

    @api.model
    def _kuemmerer_schedule(self, vals_list, automatic=False):
        """Create one activity per dict of ``vals_list`` and return them (in
        the same order). Each dict holds ``mail.activity`` values, where
        ``record`` (one record) may replace ``res_model_id``/``res_id``,
        ``activity_type`` (an xml id) may replace ``activity_type_id``
        (default: To-Do) and ``date_deadline`` defaults to today."""
        if not vals_list:
            return self.env["mail.activity"]
        today = fields.Date.context_today(self)
        values = []
        records = {}
        types = {}  # xml id: activity type id (one look-up per type, not per activity)
        for vals in vals_list:
            vals = dict(vals)
            record = vals.pop("record", None)
            if record is not None:
                record.ensure_one()
                vals["res_model_id"] = self.env["ir.model"]._get_id(record._name)
                vals["res_id"] = record.id
                records.setdefault(record._name, set()).add(record.id)
            activity_type = (
                vals.pop("activity_type", None) or "mail.mail_activity_data_todo"
            )
            if not vals.get("activity_type_id"):
                if activity_type not in types:
                    types[activity_type] = self.env.ref(activity_type).id
                vals["activity_type_id"] = types[activity_type]
            vals.setdefault("date_deadline", today)
            values.append(vals)
        # mail.activity reads the record's name one record at a time: read
        # them all at once (a need's name is made of its category and resident)
        for model, ids in records.items():
            self.env[model].sudo().browse(ids).mapped("display_name")
        # the context key silences Odoo's notification, in create and write
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=bool(automatic))
            .create(values)
        )

    @api.model
    def _kuemmerer_done(self, activities, feedback=False):
        """Mark ``activities`` done, with ``feedback`` in the message Odoo
        posts on the record."""
        activities = activities.exists().filtered("active")
        if activities:
            activities.sudo().action_feedback(feedback=feedback)
        return True

    @api.model
    def _kuemmerer_remove(self, activities):
        """Delete ``activities`` because their reason is gone (a cancelled
        chain, a deleted step): not a person cancelling a reminder."""
        activities = activities.exists()
        if activities:
            activities.sudo().with_context(kuemmerer_activity_cleanup=True).unlink()
        return True

    @api.model
    def _kuemmerer_update(self, activity, values):
        """Write on ``activity`` the values that differ from what it has."""
        activity = activity.exists().sudo()
        if not activity:
            return False
        changed = {}
        for fname, value in values.items():
            current = activity[fname]
            if isinstance(current, models.BaseModel):
                current = current.id
            if current != value:
                changed[fname] = value
        if changed:
            activity.write(changed)
        return bool(changed)

    @api.model
    def _kuemmerer_lang(self, user):
        """The translation function for texts stored on ``user``'s activity."""
        return self.with_context(lang=user.lang or self.env.lang).env._
