# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A help step and its To-Do, both ways, and the one notification policy of
the addon's activities (kuemmerer.activity), on real mail.activity records
and the real notifications (mail.message, mail.mail)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .test_help_chain import HelpChainCommon


@tagged("post_install", "-at_install")
class TestStepActivity(HelpChainCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarter_a.manager_id = cls.user_manager
        (
            cls.user_kuemmerer | cls.user_kuemmerer_b | cls.user_manager
        ).notification_type = "email"

    def _chain(self, user=None):
        need = self._need(user)
        need.user_id = self.user_kuemmerer
        chain = need.with_user(user or self.user_kuemmerer).action_apply_chain_template(
            self.template.id
        )
        return need, chain.step_ids.sorted("sequence")

    def _notifications(self, user, summary):
        """The "... assigned to you" notifications of ``user`` about an
        activity with ``summary``: messages and mails (Odoo's own "you have
        been assigned to the need" is another matter)."""
        messages = self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
                ("subject", "ilike", summary),
            ]
        )
        mails = self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", user.partner_id.ids),
                ("subject", "ilike", summary),
            ]
        )
        return messages, mails

    # ------------------------------------------------------------
    # the To-Do acts on the step
    # ------------------------------------------------------------

    def test_ticking_the_todo_in_the_chatter_finishes_the_step(self):
        need, (first, second, third) = self._chain()
        activity = first.activity_id
        self.assertTrue(activity)
        activity.with_user(self.user_kuemmerer).action_feedback(
            feedback="Tochter erreicht"
        )
        self.assertFalse(activity.exists())
        self.assertEqual(first.state, "done")
        self.assertEqual(first.date_done, fields.Date.today())
        self.assertEqual(first.outcome, "Tochter erreicht")
        self.assertEqual(second.state, "todo")
        self.assertTrue(second.activity_id)
        self.assertEqual(self._activities(need), second.activity_id)
        self.assertEqual(third.state, "waiting")
        # Odoo's own line says who did it; no "deleted" note
        bodies = need.message_ids.mapped("body")
        self.assertTrue(any("Tochter erreicht" in str(body) for body in bodies))
        self.assertFalse(any("was deleted" in str(body) for body in bodies))

    def test_marking_done_in_the_activity_menu_finishes_the_step(self):
        need, (first, second, third) = self._chain()
        first.activity_id.with_user(self.user_kuemmerer).action_done()
        second.activity_id.with_user(self.user_kuemmerer).action_done()
        third.activity_id.with_user(self.user_kuemmerer).action_done()
        self.assertEqual((first | second | third).mapped("state"), ["done"] * 3)
        self.assertEqual(first.chain_id.state, "done")
        # the chain asks the Kümmerer to resolve or continue the need
        self.assertEqual(
            self._activities(need).summary,
            "Help chain finished: resolve or continue the need",
        )

    def test_the_step_button_marks_the_todo_done_once(self):
        need, (first, second, _third) = self._chain()
        activity = first.activity_id
        first.with_user(self.user_kuemmerer).action_done()
        self.assertFalse(activity.exists())
        self.assertEqual(first.state, "done")
        self.assertEqual(second.state, "todo", "the next step, not the one after")
        self.assertEqual(len(self._activities(need)), 1)

    def test_rescheduling_the_todo_moves_the_step(self):
        _need, (first, _second, _third) = self._chain()
        new_date = fields.Date.today() + timedelta(days=9)
        first.activity_id.with_user(self.user_kuemmerer).write(
            {"date_deadline": new_date}
        )
        self.assertEqual(first.date_deadline, new_date)
        first.activity_id.with_user(
            self.user_kuemmerer
        ).action_snooze()  # "+7 days" in the chatter
        self.assertEqual(first.date_deadline, new_date + timedelta(days=7))
        # and the other way round
        first.with_user(self.user_kuemmerer).date_deadline = (
            fields.Date.today() + timedelta(days=2)
        )
        self.assertEqual(
            first.activity_id.date_deadline, fields.Date.today() + timedelta(days=2)
        )

    def test_giving_the_todo_to_someone_else_gives_them_the_step(self):
        _need, (first, _second, _third) = self._chain()
        first.activity_id.with_user(self.user_manager).write(
            {"user_id": self.user_manager.id}
        )
        self.assertEqual(first.user_id, self.user_manager)

    def test_deleting_the_todo_keeps_the_step_due(self):
        need, (first, _second, _third) = self._chain()
        first.activity_id.with_user(self.user_kuemmerer).unlink()
        self.assertEqual(first.state, "todo", "a reminder is not the work")
        self.assertFalse(first.activity_id)
        self.assertFalse(self._activities(need))
        note = need.message_ids[0]
        self.assertIn("Anrufen", str(note.body))
        self.assertEqual(note.author_id, self.user_kuemmerer.partner_id)
        # given a new date, the step gets a new To-Do
        first.with_user(self.user_kuemmerer).date_deadline = (
            fields.Date.today() - timedelta(days=3)
        )
        self.assertTrue(first.activity_id)
        self.assertEqual(
            first.activity_id.date_deadline, fields.Date.today() - timedelta(days=3)
        )
        # overdue: the nightly escalation tells the coordinator
        self.env["kuemmerer.help.step"]._cron_escalate_overdue()
        warning = self._activities(need).filtered(
            lambda a: a.user_id == self.user_manager
        )
        self.assertEqual(len(warning), 1)
        self.assertIn("Anrufen", warning.summary)

    def test_cancelled_chain_removes_todos_without_notes(self):
        need, steps = self._chain()
        need.action_cancel()
        self.assertEqual(set(steps.mapped("state")), {"skipped"})
        self.assertFalse(self._activities(need))
        self.assertFalse(
            any("was deleted" in str(body) for body in need.message_ids.mapped("body"))
        )

    # ------------------------------------------------------------
    # one notification policy
    # ------------------------------------------------------------

    def test_own_activity_is_silent(self):
        _need, (first, _second, _third) = self._chain()
        self.assertEqual(first.activity_id.user_id, self.user_kuemmerer)
        messages, mails = self._notifications(self.user_kuemmerer, "Anrufen")
        self.assertFalse(messages)
        self.assertFalse(mails)

    def test_activity_given_by_someone_else_is_announced(self):
        """The coordinator starts the chain of the Kümmerer's need: the
        Kümmerer is told, by e-mail, with what the need is about."""
        need, (first, _second, _third) = self._chain(user=self.user_manager)
        self.assertEqual(first.activity_id.user_id, self.user_kuemmerer)
        messages, mails = self._notifications(self.user_kuemmerer, "Anrufen")
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.model, "kuemmerer.need")
        self.assertEqual(messages.res_id, need.id)
        self.assertIn(need.display_name, messages.subject)
        self.assertEqual(len(mails), 1)
        self.assertIn("Anrufen", mails.body_html)
        self.assertNotIn("Sturz", mails.body_html)

    def test_hint_from_staff_is_announced(self):
        wizard = (
            self.env["kuemmerer.hint.wizard"]
            .with_user(self.user_staff)
            .create(
                {
                    "partner_id": self.resident_a.id,
                    "category_id": self.category.id,
                    "text": "Vertraulich",
                }
            )
        )
        wizard.action_confirm()
        need = self.env["kuemmerer.need"].search([("source", "=", "staff_hint")])
        activity = self._activities(need)
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        self.assertIn("Sven Verwaltung", activity.summary)
        messages, mails = self._notifications(self.user_kuemmerer, "Check hint")
        self.assertEqual(len(messages), 1)
        self.assertEqual(len(mails), 1)
        self.assertNotIn("Vertraulich", mails.body_html)

    def test_scheduled_activities_are_silent(self):
        _need, (first, _second, _third) = self._chain()
        first.date_deadline = fields.Date.today() - timedelta(days=2)
        self.env["kuemmerer.help.step"].with_user(
            self.env.ref("base.user_root")
        )._cron_escalate_overdue()
        warnings = self.env["mail.activity"].search(
            [
                ("user_id", "=", self.user_manager.id),
                ("res_model", "=", "kuemmerer.need"),
            ]
        )
        self.assertEqual(len(warnings), 1)
        messages, mails = self._notifications(self.user_manager, "Overdue step")
        self.assertFalse(messages)
        self.assertFalse(mails)

    def test_one_place_builds_activities(self):
        """No code of the addon creates mail.activity records by hand."""
        import os
        import re

        from odoo.tools.misc import file_path

        root = file_path("kuemmerer_addon")
        pattern = re.compile(
            r"""env\[["']mail\.activity["']\][^\n]*\.create\(|activity_schedule\("""
        )
        offenders = []
        for folder in ("models", "wizard", "controllers", "report"):
            for name in os.listdir(os.path.join(root, folder)):
                if not name.endswith(".py") or name == "kuemmerer_activity.py":
                    continue
                with open(os.path.join(root, folder, name), encoding="utf-8") as handle:
                    text = handle.read()
                if pattern.search(text) or re.search(
                    r"""["']mail\.activity["']\]\s*\.sudo\(\)\s*\.create""", text
                ):
                    offenders.append(f"{folder}/{name}")
        self.assertFalse(
            offenders,
            f"activities built outside kuemmerer.activity: {offenders}",
        )
