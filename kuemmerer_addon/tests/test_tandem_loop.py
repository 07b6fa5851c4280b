# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .tandem_common import KuemmererTandemCommon


@tagged("post_install", "-at_install")
class TestTandemSuggestion(KuemmererTandemCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        volunteer = {"is_volunteer": True, "volunteer_state": "active"}
        russian = (
            cls.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", "ru_RU")])
        )
        cls.shopping = cls.env["kuemmerer.skill"].create(
            {"name": "Einkaufsbegleitung im Test"}
        )
        cls.near = Partner.create(
            {**volunteer, "name": "Nora Nah", "quarter_id": cls.quarter_a.id}
        )
        cls.far = Partner.create(
            {**volunteer, "name": "Fritz Fern", "quarter_id": cls.quarter_b.id}
        )
        cls.speaker = Partner.create(
            {
                **volunteer,
                "name": "Sascha Sprache",
                "quarter_id": cls.quarter_b.id,
                "volunteer_lang_ids": [(6, 0, russian.ids)],
                "skill_ids": [(6, 0, cls.shopping.ids)],
                "availability_ids": [
                    (0, 0, {"weekday": "1", "hour_from": 9, "hour_to": 12})
                ],
            }
        )
        Partner.create(
            {"name": "Inge Inaktiv", "is_volunteer": True, "volunteer_state": "ended"}
        )
        cls._file(cls.resident_a).preferred_language = "Russisch"

    def _rank(self, **kwargs):
        return (
            self.env["kuemmerer.tandem.suggestion"]
            .with_user(self.user_kuemmerer)
            ._rank(self.resident_a, **kwargs)
        )

    def test_ranking_with_reasons(self):
        ranking = self._rank(skills=self.shopping, weekday="1")
        names = [entry["volunteer"].name for entry in ranking]
        self.assertNotIn("Inge Inaktiv", names)
        # Vera already has a proposed tandem, never ran: not continuity
        speaker = next(e for e in ranking if e["volunteer"] == self.speaker)
        text = " ".join(speaker["reasons"])
        self.assertIn("language", text)
        self.assertIn("Einkaufsbegleitung im Test", text)
        self.assertIn("Tuesday", text)
        self.assertIn("another quarter", text)
        self.assertIn("Lacks a qualification", text)
        near = next(e for e in ranking if e["volunteer"] == self.near)
        self.assertIn("Quartier A", " ".join(near["reasons"]))
        far = next(e for e in ranking if e["volunteer"] == self.far)
        self.assertGreater(speaker["score"], far["score"])
        self.assertGreater(near["score"], far["score"])

    def test_continuity_first_and_load(self):
        self.tandem.action_activate()
        self.tandem.action_end()
        # Vera accompanied Anna before: offered first, even with another tandem running
        other_resident = self._resident(name="Otto Ohne", quarter_id=self.quarter_a.id)
        self.env["kuemmerer.consent"].create(
            {"partner_id": other_resident.id, "purpose": "share_volunteers"}
        )
        running = self.env["kuemmerer.tandem"].create(
            {
                "resident_id": other_resident.id,
                "volunteer_id": self.volunteer_partner.id,
                "programme": "other",
            }
        )
        running.action_activate()
        ranking = self._rank()
        self.assertEqual(ranking[0]["volunteer"], self.volunteer_partner)
        text = " ".join(ranking[0]["reasons"])
        self.assertIn("Knows Anna Althaus already", text)
        self.assertIn("Already accompanies 1", text)

    def test_running_pair_not_suggested(self):
        self.tandem.action_activate()
        self.assertNotIn(self.volunteer_partner, [e["volunteer"] for e in self._rank()])

    def test_query_count_does_not_grow(self):
        self._rank()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._rank()
        few = self.env.cr.sql_log_count - before
        self.env["res.partner"].create(
            [
                {
                    "name": f"Helfer {i}",
                    "is_volunteer": True,
                    "volunteer_state": "active",
                    "quarter_id": self.quarter_a.id,
                }
                for i in range(20)
            ]
        )
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._rank()
        self.assertLessEqual(self.env.cr.sql_log_count - before, few + 2)

    def test_wizard_proposes_tandem(self):
        Wizard = self.env["kuemmerer.tandem.suggestion.wizard"].with_user(
            self.user_kuemmerer
        )
        wizard = Wizard.create(
            {"resident_id": self.resident_a.id, "programme": "other"}
        )
        line = wizard.line_ids.filtered(lambda line: line.volunteer_id == self.near)
        self.assertTrue(line.reason)
        action = line.action_propose()
        tandem = self.env["kuemmerer.tandem"].browse(action["res_id"])
        self.assertEqual(
            (tandem.resident_id, tandem.volunteer_id, tandem.state),
            (self.resident_a, self.near, "proposed"),
        )
        self.assertEqual(tandem.user_id, self.user_kuemmerer)

    def test_wizard_only_for_residents_in_care(self):
        with self.assertRaisesMessage(Exception, r"not one of the residents"):
            self.env["kuemmerer.tandem.suggestion.wizard"].with_user(
                self.user_kuemmerer
            ).create({"resident_id": self.resident_b.id})


@tagged("post_install", "-at_install")
class TestVolunteerLoop(KuemmererTandemCommon):
    def test_step_assigned_tells_the_volunteer(self):
        category = self.env.ref("kuemmerer_addon.need_category_care_health")
        need = self.env["kuemmerer.need"].create(
            {
                "partner_id": self.resident_a.id,
                "category_id": category.id,
                "description": "Geheim",
            }
        )
        chain = self.env["kuemmerer.help.chain"].create(
            {"need_id": need.id, "state": "running"}
        )
        step = self.env["kuemmerer.help.step"].create(
            {
                "chain_id": chain.id,
                "name": "Einkauf erledigen",
                "step_type": "volunteer",
                "user_id": self.user_kuemmerer.id,
            }
        )
        Mail = self.env["mail.mail"]
        self.assertFalse(
            Mail.search([("recipient_ids", "in", self.volunteer_partner.ids)])
        )
        step.with_user(self.user_kuemmerer).volunteer_id = self.volunteer_partner
        mail = Mail.search([("recipient_ids", "in", self.volunteer_partner.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn("Einkauf erledigen", mail.subject)
        self.assertIn("/my/kuemmerer/tasks", mail.body_html)
        self.assertNotIn("Geheim", mail.body_html)
        # the same volunteer again: no second mail
        step.volunteer_id = self.volunteer_partner
        self.assertEqual(
            len(Mail.search([("recipient_ids", "in", self.volunteer_partner.ids)])), 1
        )

    def test_shift_cancel_gives_an_activity(self):
        begin = fields.Datetime.now().replace(microsecond=0) + timedelta(days=5)
        shift = self.env["kuemmerer.shift"].create(
            {
                "name": "Café",
                "quarter_id": self.quarter_a.id,
                "user_id": self.user_kuemmerer.id,
                "date_begin": begin,
                "date_end": begin + timedelta(hours=2),
                "seats_max": 3,
            }
        )
        shift.action_publish()
        registration = self.env["kuemmerer.shift.registration"].create(
            {"shift_id": shift.id, "partner_id": self.volunteer_partner.id}
        )
        registration.with_user(self.user_portal)._kuemmerer_portal_cancel()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "kuemmerer.shift"), ("res_id", "=", shift.id)]
        )
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        self.assertIn(self.volunteer_partner.name, activity.summary)


@tagged("post_install", "-at_install")
class TestQualificationExpiry(KuemmererTandemCommon):
    def test_reminder_before_expiry_once_and_done_on_renewal(self):
        first_aid = self.env.ref("kuemmerer_addon.qualification_first_aid")
        old = self.env["kuemmerer.volunteer.qualification"].create(
            {
                "partner_id": self.volunteer_partner.id,
                "qualification_id": first_aid.id,
                "date": self.today - relativedelta(months=23, days=20),
            }
        )
        Model = self.env["kuemmerer.volunteer.qualification"]
        Model._cron_expiry()
        activity = old.expiry_activity_id
        self.assertTrue(activity)
        self.assertEqual(activity.res_id, self.volunteer_partner.id)
        self.assertIn(first_aid.name, activity.summary)
        Model._cron_expiry()
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.volunteer_partner.id),
                    ("summary", "like", first_aid.name),
                ]
            ),
            1,
        )
        Model.create(
            {"partner_id": self.volunteer_partner.id, "qualification_id": first_aid.id}
        )
        self.assertFalse(activity.exists(), "done: the renewal was recorded")
