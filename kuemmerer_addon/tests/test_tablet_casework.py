# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Casework on a tablet: "My Steps" by due date, the referral with the
consent recorded on the way, the home visit checklist answered the same way
round, and the preview of what a finished visit records."""

import importlib.util
import json
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import KuemmererCommon
from .german import load_german
from .test_help_chain import HelpChainCommon

MIGRATION = (
    Path(__file__).parents[1] / "migrations" / "18.0.2.1.0" / "post-checklist.py"
)


@tagged("post_install", "-at_install")
class TestMySteps(HelpChainCommon):
    def test_due_label_and_bucket(self):
        """Overdue first, then today, this week, later: in words on the card."""
        with freeze_time("2026-05-04"):  # a Monday
            chain = self._need().action_apply_chain_template(self.template.id)
        first, second, third = chain.step_ids.sorted("sequence")
        Step = self.env["kuemmerer.help.step"].with_user(self.user_kuemmerer)
        with freeze_time("2026-05-06"):  # Wednesday
            first.invalidate_recordset()
            self.assertEqual(first.due_bucket, "overdue")
            self.assertEqual(first.due_label, "Overdue since 04.05.")
            self.assertEqual(
                second.due_label, "05/09/2026", "a waiting step is never overdue"
            )
            second.sudo().write({"state": "todo", "date_deadline": "2026-05-06"})
            third.sudo().write({"state": "todo", "date_deadline": "2026-05-08"})
            steps = Step.browse((first | second | third).ids)
            self.assertEqual(steps.mapped("due_bucket"), ["overdue", "today", "week"])
            self.assertEqual(steps[1].due_label, "Today")
            self.assertEqual(steps[2].due_label, "Friday, 08.05.")
            third.sudo().date_deadline = "2026-05-11"  # next Monday
            self.assertEqual(third.due_bucket, "later")
            self.assertEqual(third.due_label, "05/11/2026")
            # the cards come in this order
            self.assertEqual(
                Step.search(
                    [("id", "in", steps.ids)], order="date_deadline, sequence, id"
                ),
                steps,
            )

    def test_my_steps_is_a_board_of_cards(self):
        action = self.env.ref("kuemmerer_addon.kuemmerer_help_step_action")
        self.assertEqual(action.view_mode.split(",")[0], "kanban")
        arch = self.env["kuemmerer.help.step"].get_view(False, "kanban")["arch"]
        for button in (
            "action_done",
            "action_open_send_wizard",
            "action_skip",
            "action_fail",
        ):
            self.assertIn(f'name="{button}"', arch)


@tagged("post_install", "-at_install")
class TestReferralDialog(HelpChainCommon):
    def _referral_step(self):
        chain = self._need().action_apply_chain_template(self.template.id)
        first, second, _third = chain.step_ids.sorted("sequence")
        first.action_done()
        second.provider_id = self.provider
        return second.with_user(self.user_kuemmerer)

    def _mails_to_provider(self):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", self.provider.ids)]
        )

    def _open(self, step):
        action = step.action_open_send_wizard()
        self.assertEqual(action["target"], "new")
        return (
            self.env[action["res_model"]]
            .with_user(self.user_kuemmerer)
            .browse(action["res_id"])
        )

    def test_consent_is_asked_before_confirming_and_recorded_on_the_way(self):
        step = self._referral_step()
        self.assertTrue(step.can_send)
        wizard = self._open(step)
        self.assertFalse(
            wizard.has_consent, "the missing consent is the first thing said"
        )
        # sending from the dialog without the consent sends nothing
        with self.assertRaisesMessage(UserError, "has not agreed"):
            wizard.action_send()
        self.assertFalse(self._mails_to_provider())
        # the consent needs how and when
        with self.assertRaisesMessage(UserError, "how and when"):
            wizard.action_record_consent()
        wizard.write({"consent_method": "verbal", "consent_date": "2030-01-01"})
        with self.assertRaisesMessage(UserError, "in the future"):
            wizard.action_record_consent()
        wizard.write({"consent_date": date.today(), "consent_note": "im Gespräch"})
        action = wizard.action_record_consent()
        consent = self.env["kuemmerer.consent"].search(
            [
                ("partner_id", "=", self.resident_a.id),
                ("purpose", "=", "share_providers"),
            ]
        )
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.method, "verbal")
        self.assertEqual(consent.user_id, self.user_kuemmerer)
        self.assertEqual(consent.note, "im Gespräch")
        # ... and the dialog goes on: what will be sent, to whom
        self.assertEqual(action["res_id"], wizard.id)
        self.assertTrue(wizard.has_consent)
        self.assertFalse(
            self._mails_to_provider(), "nothing is sent before it is confirmed"
        )
        action = wizard.action_send()
        self.assertEqual(len(self._mails_to_provider()), 1)
        # a visible confirmation, then the dialog closes
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("Pflegeberatung Süd", action["params"]["message"])
        self.assertEqual(
            action["params"]["next"]["type"], "ir.actions.act_window_close"
        )
        # the step no longer offers "Send": it says when it was sent
        self.assertTrue(step.date_sent)
        self.assertFalse(step.can_send)
        self.assertEqual(
            step.sent_label, "Sent on {}".format(date.today().strftime("%m/%d/%Y"))
        )
        self.assertEqual(step.status_label, step.sent_label)
        with self.assertRaisesMessage(UserError, "already sent"):
            step.action_open_send_wizard()
        with self.assertRaisesMessage(UserError, "already sent"):
            step.action_send_to_provider()
        self.assertEqual(
            len(self._mails_to_provider()), 1, "a second tap sends nothing"
        )

    def test_with_consent_the_dialog_confirms_what_is_sent(self):
        self.env["kuemmerer.consent"].create(
            {"partner_id": self.resident_a.id, "purpose": "share_providers"}
        )
        step = self._referral_step()
        wizard = self._open(step)
        self.assertTrue(wizard.has_consent)
        self.assertEqual(wizard.provider_id, self.provider)
        # recording again does not record a second consent
        wizard.action_record_consent()
        self.assertEqual(
            self.env["kuemmerer.consent"].search_count(
                [
                    ("partner_id", "=", self.resident_a.id),
                    ("purpose", "=", "share_providers"),
                ]
            ),
            1,
        )
        wizard.action_send()
        self.assertEqual(len(self._mails_to_provider()), 1)

    def test_what_the_dialog_cannot_fix_is_said_before_it_opens(self):
        step = self._referral_step()
        self.provider.email = False
        with self.assertRaisesMessage(UserError, "has no e-mail address"):
            step.action_open_send_wizard()
        step.provider_id = False
        with self.assertRaisesMessage(UserError, "choose the network partner"):
            step.action_open_send_wizard()
        first = step.chain_id.step_ids.sorted("sequence")[0]
        with self.assertRaisesMessage(UserError, "Only steps that inform or refer"):
            first.with_user(self.user_kuemmerer).action_open_send_wizard()
        step.provider_id = self.provider
        self.provider.email = "beratung@pflege-sued.example"
        step.action_skip()
        with self.assertRaisesMessage(UserError, "already ended"):
            step.action_open_send_wizard()
        self.assertFalse(self.env["kuemmerer.referral.wizard"].search([]))

    def test_other_quarter_cannot_send(self):
        step = self._referral_step()
        with self.assertRaises(AccessError):  # not their resident
            step.with_user(self.user_kuemmerer_b).action_open_send_wizard()

    def test_dialog_is_its_users_own(self):
        """Over RPC: no dialog for a foreign step, and nobody reads or
        changes a colleague's dialog (Odoo leaves transient records open to
        every user with access to the model)."""
        step = self._referral_step()
        Wizard = self.env["kuemmerer.referral.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.user_kuemmerer_b).create({"step_id": step.id})
        wizard = self._open(step)
        self.assertEqual(wizard.partner_id, self.resident_a)
        other = Wizard.with_user(self.user_kuemmerer_b)
        self.assertFalse(other.search([]))
        with self.assertRaises(AccessError):
            other.browse(wizard.id).read(["partner_id", "provider_id", "has_consent"])
        with self.assertRaises(AccessError):
            other.browse(wizard.id).write({"consent_note": "untergeschoben"})


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 12:00:00")
class TestFinishPreview(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checklist = cls.env.ref("kuemmerer_addon.checklist_home_visit")
        cls.loneliness = cls.env.ref("kuemmerer_addon.need_category_loneliness")
        cls.care = cls.env.ref("kuemmerer_addon.need_category_care_health")
        cls.mobility = cls.env.ref("kuemmerer_addon.need_category_mobility")

    def _question(self, key):
        return self.env.ref(f"kuemmerer_addon.checklist_question_{key}")

    def _visit(self, yes=()):
        visit = (
            self.env["kuemmerer.visit"]
            .with_user(self.user_kuemmerer)
            .create(
                {
                    "partner_id": self.resident_a.id,
                    "date": "2026-06-15 08:00:00",
                    "checklist_id": self.checklist.id,
                }
            )
        )
        keys = [self._question(key) for key in yes]
        for answer in visit.answer_ids:
            answer.answer = "yes" if answer.question_id in keys else "no"
        return visit

    def test_every_question_points_to_a_need_with_yes(self):
        questions = self.checklist.question_ids
        self.assertEqual(set(questions.mapped("trigger_answer")), {"yes"})
        self.assertEqual(
            self._question("trusted_person").name, "Hat niemanden, der im Notfall hilft"
        )
        self.assertIn("„Ja“", self.checklist.description)

    def test_preview_lists_what_is_recorded_and_untick_leaves_it_out(self):
        existing = (
            self.env["kuemmerer.need"]
            .with_user(self.user_kuemmerer)
            .create({"partner_id": self.resident_a.id, "category_id": self.care.id})
        )
        visit = self._visit(yes=("lives_alone", "trusted_person", "falls", "ways"))
        action = visit.action_open_finish_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_kuemmerer)
            .browse(action["res_id"])
        )
        self.assertEqual(
            visit.state, "planned", "nothing recorded before it is confirmed"
        )
        self.assertEqual(wizard.next_visit_date, date(2027, 6, 15))
        lines = {line.category_id: line for line in wizard.line_ids}
        self.assertEqual(set(lines), {self.loneliness, self.care, self.mobility})
        self.assertEqual(lines[self.loneliness].kind, "new")
        self.assertIn(
            "Lebt allein und hat selten Besuch: Yes", lines[self.loneliness].answers
        )
        self.assertIn(
            "Hat niemanden, der im Notfall hilft: Yes", lines[self.loneliness].answers
        )
        self.assertEqual(lines[self.care].kind, "note")
        self.assertEqual(lines[self.care].need_id, existing)
        self.assertIn(existing.name, lines[self.care].kind_label)
        self.assertTrue(all(line.selected for line in wizard.line_ids))
        # the Kümmerer leaves mobility out
        wizard.line_ids = [Command.update(lines[self.mobility].id, {"selected": False})]
        wizard.action_confirm()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.contact_id.channel, "visit")
        needs = self.env["kuemmerer.need"].search(
            [("partner_id", "=", self.resident_a.id)]
        )
        self.assertEqual(needs.category_id, self.loneliness | self.care)
        self.assertEqual(visit.need_ids, needs)
        self.assertTrue(
            existing.message_ids.filtered(
                lambda m: "Stürze in den letzten sechs Monaten" in (m.body or "")
            )
        )

    def test_preview_is_its_users_own_and_not_kept(self):
        """The answers are not copied into the dialog's rows, a colleague of
        another quarter neither opens nor reads nor changes the preview, and
        the preview is gone once the visit is finished."""
        visit = self._visit(yes=("lives_alone", "falls"))
        Wizard = self.env["kuemmerer.visit.finish.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.user_kuemmerer_b).create({"visit_id": visit.id})
        action = visit.action_open_finish_wizard()
        wizard = Wizard.with_user(self.user_kuemmerer).browse(action["res_id"])
        Line = self.env["kuemmerer.visit.finish.wizard.line"]
        self.assertFalse(Line._fields["answers"].store)
        self.assertTrue(wizard.line_ids.mapped("answers"))
        for model in (Wizard, Line):
            other = model.with_user(self.user_kuemmerer_b)
            self.assertFalse(other.search([]))
        with self.assertRaises(AccessError):
            Line.with_user(self.user_kuemmerer_b).browse(wizard.line_ids.ids).read(
                ["answers"]
            )
        with self.assertRaises(AccessError):
            Line.with_user(self.user_kuemmerer_b).browse(wizard.line_ids.ids).write(
                {"selected": False}
            )
        wizard.action_confirm()
        self.assertFalse(Wizard.browse(action["res_id"]).exists())
        self.assertEqual(visit.need_ids.category_id, self.loneliness | self.care)

    def test_preview_refuses_what_cannot_be_finished_before_it_opens(self):
        visit = self._visit(yes=("falls",))
        visit.answer_ids[-1].answer = False
        with self.assertRaisesMessage(UserError, "not answered"):
            visit.action_open_finish_wizard()
        self.assertFalse(self.env["kuemmerer.visit.finish.wizard"].search([]))
        visit.answer_ids[-1].answer = "na"
        action = visit.action_open_finish_wizard()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        visit.action_done()  # finished meanwhile (another tab)
        with self.assertRaisesMessage(
            UserError, "Only planned home visits can be finished"
        ):
            wizard.action_confirm()

    def test_no_answer_points_to_a_need(self):
        visit = self._visit()
        action = visit.action_open_finish_wizard()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertFalse(wizard.line_ids)
        wizard.action_confirm()
        self.assertEqual(visit.state, "done")
        self.assertFalse(visit.need_ids)


@tagged("post_install", "-at_install")
class TestChecklistMigration(KuemmererCommon):
    """migrations/18.0.2.1.0: the shipped questions asked the other way round
    are rephrased, their answers turned round with them."""

    def _migrate(self):
        spec = importlib.util.spec_from_file_location(
            "kuemmerer_migration_18_0_2_1_0", MIGRATION
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.env.flush_all()
        module.migrate(self.env.cr, "18.0.2.0.0")
        self.env.invalidate_all()
        return module

    def _set_raw(self, question, name, trigger):
        self.env.cr.execute(
            "UPDATE kuemmerer_checklist_question SET name = %s::jsonb, trigger_answer "
            "= %s WHERE id = %s",
            (json.dumps({"en_US": name, "de_DE": name}), trigger, question.id),
        )

    def test_rephrased_with_answers_turned_round(self):
        checklist = self.env.ref("kuemmerer_addon.checklist_home_visit")
        trusted = self.env.ref("kuemmerer_addon.checklist_question_trusted_person")
        doctor = self.env.ref("kuemmerer_addon.checklist_question_doctor")
        falls = self.env.ref("kuemmerer_addon.checklist_question_falls")
        # the release's wording; the doctor question reworded by a coordinator
        self._set_raw(trusted, "Hat jemanden, der im Notfall hilft", "no")
        self._set_raw(doctor, "Hat eine feste Hausarztpraxis", "no")
        visit = self.env["kuemmerer.visit"].create(
            {
                "partner_id": self.resident_a.id,
                "user_id": self.user_kuemmerer.id,
                "checklist_id": checklist.id,
                "date": "2026-01-10 09:00:00",
            }
        )
        answers = {answer.question_id: answer for answer in visit.answer_ids}
        answers[trusted].answer = "no"  # has nobody: pointed to a need
        answers[doctor].answer = "no"
        answers[falls].answer = "yes"
        self._migrate()
        self.assertEqual(trusted.name, "Hat niemanden, der im Notfall hilft")
        self.env.cr.execute(
            "SELECT name FROM kuemmerer_checklist_question WHERE id = %s", (trusted.id,)
        )
        self.assertEqual(
            self.env.cr.fetchone()[0],
            {
                "en_US": "Hat niemanden, der im Notfall hilft",
                "de_DE": "Hat niemanden, der im Notfall hilft",
            },
            "in every language",
        )
        self.assertEqual(trusted.trigger_answer, "yes")
        self.assertEqual(
            answers[trusted].answer, "yes", "the same fact, told the new way"
        )
        self.assertTrue(answers[trusted].points_to_need)
        # a reworded question and the questions asked the right way stay
        self.assertEqual(doctor.name, "Hat eine feste Hausarztpraxis")
        self.assertEqual(doctor.trigger_answer, "no")
        self.assertEqual(answers[doctor].answer, "no")
        self.assertEqual(answers[falls].answer, "yes")
        # run twice: nothing turns round again
        self._migrate()
        self.assertEqual(answers[trusted].answer, "yes")


@tagged("post_install", "-at_install")
class TestTabletCaseworkTour(HttpCase, HelpChainCommon):
    """The Kümmerer's casework on a tablet held upright, in German: My Steps
    → finish a step → the referral, the consent recorded on the way → the
    home visit checklist → finish it with the preview."""

    browser_size = "768x1024"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env, cls.user_kuemmerer)
        cls.need = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": cls.category.id,
                "user_id": cls.user_kuemmerer.id,
            }
        )
        cls.chain = cls.need.action_apply_chain_template(cls.template.id)
        cls.chain.step_ids.filtered(
            lambda s: s.step_type == "referral"
        ).provider_id = cls.provider
        checklist = cls.env["kuemmerer.checklist"].create(
            {
                "name": "Kurzcheck",
                "question_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Lebt allein",
                            "category_id": cls.env.ref(
                                "kuemmerer_addon.need_category_loneliness"
                            ).id,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Stürzt oft",
                            "category_id": cls.category.id,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "name": "Braucht Begleitung",
                            "category_id": cls.env.ref(
                                "kuemmerer_addon.need_category_mobility"
                            ).id,
                        }
                    ),
                ],
            }
        )
        cls.visit = cls.env["kuemmerer.visit"].create(
            {
                "partner_id": cls.resident_a.id,
                "user_id": cls.user_kuemmerer.id,
                "checklist_id": checklist.id,
                "date": "2020-01-01 09:00:00",
            }
        )

    def test_tablet_casework_tour(self):
        self.start_tour(
            "/odoo/steps",
            "kuemmerer_tablet_casework_tour",
            login=self.user_kuemmerer.login,
        )
        steps = self.chain.step_ids.sorted("sequence")
        self.assertEqual(steps.mapped("state"), ["done", "todo", "waiting"])
        self.assertTrue(steps[1].date_sent)
        consent = self.env["kuemmerer.consent"].search(
            [
                ("partner_id", "=", self.resident_a.id),
                ("purpose", "=", "share_providers"),
            ]
        )
        self.assertEqual(consent.method, "verbal")
        self.assertEqual(
            len(
                self.env["mail.mail"].search(
                    [("recipient_ids", "in", self.provider.ids)]
                )
            ),
            1,
        )
        self.assertEqual(self.visit.state, "done")
        self.assertEqual(
            self.visit.answer_ids.sorted("sequence").mapped("answer"),
            ["yes", "no", "yes"],
        )
        # "Braucht Begleitung" was left out in the preview
        self.assertEqual(
            self.visit.need_ids.category_id,
            self.env.ref("kuemmerer_addon.need_category_loneliness"),
        )
