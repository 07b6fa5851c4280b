# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KuemmererCommon
from .german import load_german


@tagged("post_install", "-at_install")
class HelpChainCommon(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        cls.service_care = cls.env.ref("kuemmerer_addon.service_type_pflegeberatung")
        cls.provider = cls.env["res.partner"].create(
            {
                "name": "Pflegeberatung Süd",
                "is_company": True,
                "is_provider": True,
                "email": "beratung@pflege-sued.example",
                "service_type_ids": [(6, 0, cls.service_care.ids)],
                "service_quarter_ids": [(6, 0, cls.quarter_a.ids)],
            }
        )
        cls.template = cls.env["kuemmerer.help.chain.template"].create(
            {
                "name": "Testkette",
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": 10,
                            "name": "Anrufen",
                            "step_type": "contact_resident",
                            "delay_days": 0,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "sequence": 20,
                            "name": "Vermitteln",
                            "step_type": "referral",
                            "service_type_id": cls.service_care.id,
                            "delay_days": 5,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "sequence": 30,
                            "name": "Nachfragen",
                            "step_type": "follow_up",
                            "delay_days": 14,
                        },
                    ),
                ],
            }
        )

    def _need(self, user=None):
        return (
            self.env["kuemmerer.need"]
            .with_user(user or self.user_kuemmerer)
            .create({"partner_id": self.resident_a.id, "category_id": self.category.id})
        )

    def _activities(self, need):
        return self.env["mail.activity"].search(
            [("res_model", "=", "kuemmerer.need"), ("res_id", "=", need.id)]
        )


@tagged("post_install", "-at_install")
class TestHelpChain(HelpChainCommon):
    @freeze_time("2026-05-04")
    def test_apply_template(self):
        need = self._need()
        chain = need.action_apply_chain_template(self.template.id)
        self.assertEqual(chain._name, "kuemmerer.help.chain")
        self.assertEqual(chain.need_id, need)
        self.assertEqual(chain.template_id, self.template)
        self.assertEqual(chain.state, "running")
        self.assertEqual(need.state, "in_progress")
        self.assertEqual(need.chain_ids, chain)
        steps = chain.step_ids.sorted("sequence")
        self.assertEqual(steps.mapped("name"), ["Anrufen", "Vermitteln", "Nachfragen"])
        self.assertEqual(steps.mapped("state"), ["todo", "waiting", "waiting"])
        self.assertEqual(
            steps.mapped("date_deadline"),
            [date(2026, 5, 4), date(2026, 5, 9), date(2026, 5, 18)],
        )
        self.assertEqual(steps.mapped("need_id"), need)
        activity = self._activities(need)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity, steps[0].activity_id)
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        self.assertEqual(activity.date_deadline, date(2026, 5, 4))
        self.assertEqual(activity.summary, "Anrufen")

    def test_progression_done_failed_skipped(self):
        need = self._need()
        chain = need.action_apply_chain_template(self.template.id)
        first, second, third = chain.step_ids.sorted("sequence")
        first_activity = first.activity_id
        first.action_done()
        self.assertEqual(first.state, "done")
        self.assertFalse(
            first_activity.exists(), "the activity is marked done (archived in history)"
        )
        done_message = need.message_ids.filtered(lambda m: m.mail_activity_type_id)
        self.assertTrue(
            done_message, "marking the activity done logs it in the chatter"
        )
        self.assertEqual(second.state, "todo")
        self.assertEqual(third.state, "waiting")
        self.assertEqual(self._activities(need), second.activity_id)
        second.action_fail()
        self.assertEqual(second.state, "failed")
        self.assertEqual(third.state, "todo")
        self.assertEqual(self._activities(need), third.activity_id)
        third.action_skip()
        self.assertEqual(third.state, "skipped")
        self.assertEqual(chain.state, "done")
        # the Kümmerer is asked to resolve or continue the need
        final = self._activities(need)
        self.assertEqual(len(final), 1)
        self.assertIn("Help chain finished", final.summary)
        self.assertEqual(final.user_id, self.user_kuemmerer)

    def test_step_done_twice_refused(self):
        chain = self._need().action_apply_chain_template(self.template.id)
        first = chain.step_ids.sorted("sequence")[0]
        first.action_done()
        with self.assertRaisesMessage(UserError, "already ended"):
            first.action_done()
        with self.assertRaises(UserError):
            first.action_skip()
        self.assertEqual(len(self._activities(chain.need_id)), 1)

    def test_manual_step_and_reordering(self):
        need = self._need()
        chain = need.action_apply_chain_template(self.template.id)
        first, second, third = chain.step_ids.sorted("sequence")
        # reorder: the follow-up now comes before the referral
        third.sequence = 15
        manual = (
            self.env["kuemmerer.help.step"]
            .with_user(self.user_kuemmerer)
            .create(
                {
                    "chain_id": chain.id,
                    "sequence": 12,
                    "name": "Tochter anrufen",
                    "step_type": "contact_resident",
                }
            )
        )
        self.assertEqual(manual.state, "waiting", "a running chain keeps its due step")
        first.action_done()
        self.assertEqual(manual.state, "todo")
        manual.action_done()
        self.assertEqual(third.state, "todo")
        third.action_done()
        self.assertEqual(second.state, "todo")
        # editing the due step moves its activity
        second.write({"date_deadline": "2030-01-31", "user_id": self.user_manager.id})
        self.assertEqual(second.activity_id.date_deadline, date(2030, 1, 31))
        self.assertEqual(second.activity_id.user_id, self.user_manager)
        second.action_done()
        self.assertEqual(chain.state, "done")
        # a step added to a finished chain? the chain stays done: start a new one
        self.assertEqual(len(self._activities(need)), 1)

    def test_manual_step_in_chain_without_due_step_becomes_due(self):
        need = self._need()
        chain = (
            self.env["kuemmerer.help.chain"]
            .with_user(self.user_kuemmerer)
            .create({"need_id": need.id, "name": "Von Hand"})
        )
        step = (
            self.env["kuemmerer.help.step"]
            .with_user(self.user_kuemmerer)
            .create({"chain_id": chain.id, "name": "Besuch", "step_type": "home_visit"})
        )
        self.assertEqual(step.state, "todo")
        self.assertEqual(len(self._activities(need)), 1)

    def test_deleting_due_step_moves_on(self):
        chain = self._need().action_apply_chain_template(self.template.id)
        first, second, _third = chain.step_ids.sorted("sequence")
        first.unlink()
        self.assertEqual(second.state, "todo")
        self.assertEqual(self._activities(chain.need_id), second.activity_id)
        second.action_done()
        with self.assertRaises(UserError):
            second.unlink()

    def test_bad_template_input(self):
        need = self._need()
        empty = self.env["kuemmerer.help.chain.template"].create({"name": "Leer"})
        with self.assertRaisesMessage(UserError, "has no steps"):
            need.action_apply_chain_template(empty.id)
        with self.assertRaisesMessage(UserError, "choose a help chain template"):
            need.action_apply_chain_template(999999)
        self.assertFalse(need.chain_ids)
        self.assertEqual(need.state, "new")
        need.action_resolve()
        with self.assertRaisesMessage(UserError, "cannot be started"):
            need.action_apply_chain_template(self.template.id)
        need.action_reopen()
        need.action_cancel()
        with self.assertRaises(UserError):
            need.action_apply_chain_template(self.template.id)
        self.assertFalse(
            self.env["kuemmerer.help.chain"].search([("need_id", "=", need.id)])
        )
        with self.assertRaises(ValidationError):
            self.env["kuemmerer.help.chain.template.step"].create(
                {"template_id": empty.id, "name": "x", "delay_days": -3}
            )

    def test_cancel_chain(self):
        need = self._need()
        chain = need.action_apply_chain_template(self.template.id)
        chain.action_cancel()
        self.assertEqual(chain.state, "cancelled")
        self.assertEqual(set(chain.step_ids.mapped("state")), {"skipped"})
        self.assertFalse(self._activities(need))

    def test_closing_the_need_ends_its_chain(self):
        for action in ("action_resolve", "action_cancel"):
            with self.subTest(action=action):
                need = self._need()
                chain = need.action_apply_chain_template(self.template.id)
                due = chain.step_ids.filtered(lambda s: s.state == "todo")
                self.assertTrue(due.activity_id)
                getattr(need.with_user(self.user_kuemmerer), action)()
                self.assertEqual(chain.state, "cancelled")
                self.assertEqual(set(chain.step_ids.mapped("state")), {"skipped"})
                self.assertFalse(self._activities(need), "no To-Do stays open")
                # the daily escalation has nothing left to do for it
                with freeze_time(date.today() + timedelta(days=400)):
                    self.env["kuemmerer.help.step"]._cron_escalate_overdue()
                self.assertFalse(chain.step_ids.filtered("is_escalated"))

    def test_default_templates(self):
        for xmlid in (
            "chain_template_loneliness",
            "chain_template_care_health",
            "chain_template_finances",
        ):
            template = self.env.ref(f"kuemmerer_addon.{xmlid}")
            self.assertGreaterEqual(len(template.step_ids), 4)
            self.assertTrue(template.category_ids)
        self.assertEqual(
            self.env.ref("kuemmerer_addon.need_category_care_health").chain_template_id,
            self.env.ref("kuemmerer_addon.chain_template_care_health"),
        )
        self.assertGreaterEqual(self.env["kuemmerer.service.type"].search_count([]), 11)

    def test_apply_wizard(self):
        need = self._need()
        action = need.action_open_apply_chain_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_kuemmerer)
            .with_context(**action["context"])
            .create({"template_id": self.template.id})
        )
        self.assertEqual(wizard.need_id, need)
        wizard.action_apply()
        self.assertEqual(len(need.chain_ids), 1)


@tagged("post_install", "-at_install")
class TestProviderReferral(HelpChainCommon):
    def _referral_step(self):
        chain = self._need().action_apply_chain_template(self.template.id)
        first, second, _third = chain.step_ids.sorted("sequence")
        first.action_done()
        second.provider_id = self.provider
        return second

    def _mails_to_provider(self):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", self.provider.ids)]
        )

    def test_send_requires_consent(self):
        step = self._referral_step()
        with self.assertRaisesMessage(UserError, "has not agreed"):
            step.with_user(self.user_kuemmerer).action_send_to_provider()
        self.assertFalse(self._mails_to_provider())
        self.assertFalse(step.date_sent)

    def test_send_with_consent(self):
        self.env["kuemmerer.consent"].create(
            {"partner_id": self.resident_a.id, "purpose": "share_providers"}
        )
        step = self._referral_step()
        step.need_id.sudo().description = "Vertraulich: beginnende Demenz"
        step.with_user(self.user_kuemmerer).action_send_to_provider()
        mail = self._mails_to_provider()
        self.assertEqual(len(mail), 1)
        self.assertIn("Anna Althaus", mail.body_html)
        self.assertIn("Lindenstraße 1", mail.body_html)
        self.assertIn("Pflege und Gesundheit", mail.subject)
        self.assertNotIn(
            "Demenz", mail.body_html, "the confidential description is never sent"
        )
        # logged in the need's chatter
        message = step.need_id.message_ids.filtered(
            lambda m: self.provider in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertTrue(step.date_sent)

    def test_withdrawn_consent_stops_sending(self):
        consent = self.env["kuemmerer.consent"].create(
            {"partner_id": self.resident_a.id, "purpose": "share_providers"}
        )
        consent.action_withdraw()
        step = self._referral_step()
        with self.assertRaises(UserError):
            step.with_user(self.user_kuemmerer).action_send_to_provider()
        self.assertFalse(self._mails_to_provider())

    def test_provider_without_email(self):
        self.env["kuemmerer.consent"].create(
            {"partner_id": self.resident_a.id, "purpose": "share_providers"}
        )
        step = self._referral_step()
        self.provider.email = False
        with self.assertRaisesMessage(UserError, "has no e-mail address"):
            step.with_user(self.user_kuemmerer).action_send_to_provider()
        step.provider_id = False
        with self.assertRaisesMessage(UserError, "choose the network partner"):
            step.with_user(self.user_kuemmerer).action_send_to_provider()
        first = step.chain_id.step_ids.sorted("sequence")[0]
        with self.assertRaises(UserError):
            first.action_send_to_provider()

    def test_find_providers(self):
        other_quarter = self.env["res.partner"].create(
            {
                "name": "Pflege Nord",
                "is_provider": True,
                "service_type_ids": [(6, 0, self.service_care.ids)],
                "service_quarter_ids": [(6, 0, self.quarter_b.ids)],
            }
        )
        everywhere = self.env["res.partner"].create(
            {
                "name": "Pflege überall",
                "is_provider": True,
                "service_type_ids": [(6, 0, self.service_care.ids)],
            }
        )
        wrong_service = self.env["res.partner"].create(
            {
                "name": "Fahrdienst",
                "is_provider": True,
                "service_type_ids": [
                    (6, 0, self.env.ref("kuemmerer_addon.service_type_fahrdienst").ids)
                ],
            }
        )
        need = self._need()
        action = need.with_user(self.user_kuemmerer).action_find_providers()
        found = (
            self.env["res.partner"]
            .with_user(self.user_kuemmerer)
            .search(action["domain"])
        )
        self.assertIn(self.provider, found)
        self.assertIn(everywhere, found)
        self.assertNotIn(other_quarter, found)
        self.assertNotIn(wrong_service, found)


@tagged("post_install", "-at_install")
class TestEscalation(HelpChainCommon):
    def test_escalation_is_idempotent(self):
        self.quarter_a.manager_id = self.user_manager
        with freeze_time("2026-05-04"):
            chains = self.env["kuemmerer.help.chain"]
            for _i in range(3):
                chains |= self._need().action_apply_chain_template(self.template.id)
        Step = self.env["kuemmerer.help.step"]
        with freeze_time("2026-05-06"):
            self.assertEqual(len(Step.search([("is_overdue", "=", True)])), 3)
            Step._cron_escalate_overdue()
            Step._cron_escalate_overdue()
            escalations = self.env["mail.activity"].search(
                [
                    ("res_model", "=", "kuemmerer.need"),
                    ("user_id", "=", self.user_manager.id),
                ]
            )
            self.assertEqual(
                len(escalations), 3, "one per overdue step, never a duplicate"
            )
            self.assertTrue(
                all(
                    s.is_escalated
                    for s in chains.step_ids.filtered(lambda s: s.state == "todo")
                )
            )
            self.assertIn("Overdue step", escalations[0].summary)
        with freeze_time("2026-05-20"):
            # the next steps become due and overdue in turn: escalated once each
            for chain in chains:
                chain.current_step_id.action_done()
            Step._cron_escalate_overdue()
            Step._cron_escalate_overdue()
            escalations = self.env["mail.activity"].search(
                [
                    ("res_model", "=", "kuemmerer.need"),
                    ("user_id", "=", self.user_manager.id),
                ]
            )
            self.assertEqual(len(escalations), 6)

    def test_activities_in_the_assignees_language(self):
        load_german(self.env, modules=["kuemmerer_addon"])
        self.user_manager.lang = "de_DE"
        self.user_kuemmerer.lang = "de_DE"
        self.quarter_a.manager_id = self.user_manager
        with freeze_time("2026-05-04"):
            need = self._need()
            chain = need.action_apply_chain_template(self.template.id)
        with freeze_time("2026-05-06"):
            self.env["kuemmerer.help.step"]._cron_escalate_overdue()
            for step in chain.step_ids.sorted("sequence"):
                step.action_done()
        summaries = self._activities(need).mapped("summary")
        self.assertIn("Überfälliger Schritt: Anrufen", summaries)
        self.assertIn(
            "Hilfekette abgeschlossen: Bedarf erledigen oder weiter bearbeiten",
            summaries,
        )

    def test_escalation_falls_back_to_a_coordinator(self):
        with freeze_time("2026-05-04"):
            self._need().action_apply_chain_template(self.template.id)
        with freeze_time("2026-05-10"):
            self.env["kuemmerer.help.step"]._cron_escalate_overdue()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "kuemmerer.need"), ("summary", "like", "Overdue step")]
        )
        self.assertEqual(len(activity), 1)
        self.assertTrue(
            activity.user_id.has_group("kuemmerer_addon.group_kuemmerer_manager")
        )


@tagged("post_install", "-at_install")
class TestChainOverview(HelpChainCommon):
    def test_overview_shows_steps_in_order_escaped(self):
        need = self._need()
        self.assertFalse(need.chain_overview)
        chain = need.action_apply_chain_template(self.template.id)
        chain.step_ids.sorted("sequence")[0].name = "<b>Anrufen</b>"
        html = str(need.chain_overview)
        self.assertIn("&lt;b&gt;Anrufen&lt;/b&gt;", html)
        self.assertLess(html.index("Anrufen"), html.index("Vermitteln"))
        self.assertLess(html.index("Vermitteln"), html.index("Nachfragen"))
        self.assertIn("fa-arrow-right", html)
        self.assertIn(self.user_kuemmerer.name, html)
