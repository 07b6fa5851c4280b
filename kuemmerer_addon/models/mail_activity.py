# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailActivity(models.Model):
    """A help step and its To-Do (``kuemmerer.help.step.activity_id``) are
    linked both ways, whatever screen the To-Do is handled in (the need's
    chatter, the activity menu, the activity list):

    * marked done: the step is done, the chain moves on;
    * given a new date or another person: the step follows (the To-Do is the
      step's reminder; its due date and assignee are the step's);
    * deleted ("Cancel"): a reminder is not the work. The step stays due,
      without a reminder, in "My Steps" and on the need; a note on the need
      says so and how to end the step. It gets a new To-Do when it is given a
      new date or another person, and the nightly escalation still tells the
      coordinator once it is overdue. (Ending a step is a decision - done,
      failed or skipped - that a click on a reminder should not take.)
    """

    _inherit = "mail.activity"

    def _kuemmerer_steps(self):
        """The due help steps whose To-Do is one of ``self`` (one query, only
        when an activity of a need is concerned)."""
        activities = self.filtered(lambda a: a.res_model == "kuemmerer.need")
        if not activities:
            return self.env["kuemmerer.help.step"]
        return (
            self.env["kuemmerer.help.step"]
            .sudo()
            .search([("activity_id", "in", activities.ids), ("state", "=", "todo")])
        )

    def _action_done(self, feedback=False, attachment_ids=None):
        steps = self._kuemmerer_steps()
        # done is not deleted: no "To-Do deleted" note when Odoo unlinks it
        result = super(
            MailActivity, self.with_context(kuemmerer_activity_cleanup=True)
        )._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if steps:
            # as superuser: Odoo lets the assignee mark their activity done
            # even without access to the record; the step is theirs
            steps._kuemmerer_done_by_activity(feedback=feedback)
        return result

    def write(self, vals):
        res = super().write(vals)
        if "date_deadline" in vals or "user_id" in vals:
            steps = self._kuemmerer_steps()
            if steps:
                steps._kuemmerer_follow_activity(self)
        if (
            "active" in vals
            and not vals["active"]
            and any(activity.res_model == "res.partner" for activity in self)
        ):
            # A radar activity marked done is kept archived when its type
            # keeps done activities: it is no longer open, so the contact
            # radar must see the resident again (a deleted one unlinks itself).
            partners = (
                self.env["res.partner"]
                .sudo()
                .with_context(active_test=False)
                .search([("kuemmerer_radar_activity_id", "in", self.ids)])
            )
            if partners:
                partners.kuemmerer_radar_activity_id = False
        return res

    def unlink(self):
        steps = self.env["kuemmerer.help.step"]
        if not self.env.context.get("kuemmerer_activity_cleanup"):
            steps = self._kuemmerer_steps()
        res = super().unlink()
        for step in steps.exists().filtered(lambda s: s.state == "todo"):
            step.need_id.sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=self.env._(
                    "The To-Do of the step '%(step)s' was deleted. The step is still "
                    "due; "
                    "to end it, mark it done, failed or skipped.",
                    step=step.name,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        return res
