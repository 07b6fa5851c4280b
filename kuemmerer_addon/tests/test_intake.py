# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Public hints (kuemmerer.intake): who reads them, and their triage."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestIntake(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref("kuemmerer_addon.need_category_loneliness")
        Intake = cls.env["kuemmerer.intake"].with_user(cls.env.ref("base.public_user"))
        cls.intake = Intake._kuemmerer_receive(
            {
                "kind": "worry",
                "quarter_id": cls.quarter_a.id,
                "about": "Frau Althaus, Lindenstraße 1",
                "message": "Sie geht nicht mehr einkaufen, SECRET-INTAKE",
                "contact_name": "Nina Nachbarin",
                "contact_phone": "0170 123",
            }
        )
        cls.intake_b = Intake._kuemmerer_receive(
            {
                "kind": "help",
                "quarter_id": cls.quarter_b.id,
                "message": "Ich brauche Hilfe B",
            }
        )
        cls.intake_nowhere = Intake._kuemmerer_receive(
            {"kind": "help", "quarter_id": False, "message": "Wo gehöre ich hin?"}
        )

    def test_received_for_the_quarter_with_an_activity(self):
        intake = self.intake.sudo()
        self.assertEqual(intake.state, "new")
        self.assertTrue(intake.name.startswith("HW/"))
        self.assertEqual(intake.quarter_id, self.quarter_a)
        self.assertFalse(intake.is_anonymous)
        self.assertTrue(self.intake_b.sudo().is_anonymous)
        activity = intake.activity_ids
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        # the reminder names the reference only, never what was written
        self.assertNotIn("SECRET", activity.summary or "")
        self.assertNotIn("Althaus", activity.res_name or "")

    def test_who_reads_it(self):
        Intake = self.env["kuemmerer.intake"]
        for user in (self.user_staff, self.user_internal):
            with self.assertRaises(AccessError):
                Intake.with_user(user).search([])
        # the Kümmerer of another quarter: not found, and not readable by id
        other = Intake.with_user(self.user_kuemmerer_b)
        self.assertEqual(other.search([]), self.intake_b)
        self.assertFalse(
            self.intake_nowhere.with_user(self.user_kuemmerer)._filtered_access("read")
        )
        with self.assertRaises(AccessError):
            self.intake.with_user(self.user_kuemmerer_b).read(["message"])
        mine = Intake.with_user(self.user_kuemmerer).search([])
        self.assertEqual(mine, self.intake)
        # the coordination sees all, also the hints without a quarter
        everything = Intake.with_user(self.user_manager).search([])
        self.assertLessEqual(
            self.intake | self.intake_b | self.intake_nowhere, everything
        )

    def test_reading_the_message_is_logged(self):
        Log = self.env["kuemmerer.access.log"]
        before = Log.search_count([("res_model", "=", "kuemmerer.intake")])
        values = self.intake.with_user(self.user_kuemmerer).read(["message"])
        self.assertIn("SECRET-INTAKE", values[0]["message"])
        self.env.cr.precommit.run()
        logs = Log.search([("res_model", "=", "kuemmerer.intake")])
        self.assertEqual(len(logs) - before, 1)
        self.assertEqual(logs[0].user_id, self.user_kuemmerer)
        self.assertEqual(logs[0].res_id, self.intake.id)

    def test_likely_residents_by_name_and_street(self):
        intake = self.intake.with_user(self.user_kuemmerer)
        self.assertIn(self.resident_a, intake.match_ids)
        self.assertNotIn(self.resident_b, intake.match_ids)

    def test_link_and_record_a_need(self):
        intake = self.intake.with_user(self.user_kuemmerer)
        self.resident_a.with_user(self.user_kuemmerer).with_context(
            kuemmerer_intake_id=intake.id
        ).kuemmerer_action_link_intake()
        self.assertEqual(intake.partner_id, self.resident_a)
        with self.assertRaisesMessage(UserError, "category"):
            intake.action_create_need()
        intake.category_id = self.category
        action = intake.action_create_need()
        need = self.env["kuemmerer.need"].browse(action["res_id"])
        self.assertEqual(need.partner_id, self.resident_a)
        self.assertEqual(need.source, "relative")
        self.assertIn("SECRET-INTAKE", need.description)
        self.assertIn("Nina Nachbarin", need.description)
        self.assertEqual(intake.state, "accepted")
        self.assertEqual(intake.need_id, need)
        self.assertEqual(intake.user_id, self.user_kuemmerer)
        self.assertFalse(intake.activity_ids, "the reminder is done with the triage")
        with self.assertRaisesMessage(UserError, "already been dealt with"):
            intake.action_reject()
        with self.assertRaisesMessage(UserError, "continue with the need"):
            intake.action_reopen()

    def test_only_residents_one_looks_after(self):
        intake = self.intake.with_user(self.user_kuemmerer)
        with self.assertRaisesMessage(
            UserError, "not one of the residents you look after"
        ):
            intake.write({"partner_id": self.resident_b.id})
        stranger = self.env["res.partner"].create({"name": "Kein Bewohner"})
        with self.assertRaisesMessage(UserError, "Only residents"):
            intake.action_link(stranger)
        with self.assertRaisesMessage(UserError, "choose the resident"):
            intake.with_context().action_create_need()
        self.assertEqual(intake.state, "new")

    def test_passed_on_to_another_quarter(self):
        intake = self.intake_nowhere.with_user(self.user_manager)
        self.assertFalse(intake.activity_ids)
        intake.quarter_id = self.quarter_b
        self.assertEqual(intake.activity_ids.user_id, self.user_kuemmerer_b)
        self.assertEqual(
            intake.with_user(self.user_kuemmerer_b).search([]), intake | self.intake_b
        )
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            intake.with_user(self.user_kuemmerer_b).write({"message": "anders"})

    def test_merge_reject_reopen(self):
        second = (
            self.env["kuemmerer.intake"]
            .with_user(self.env.ref("base.public_user"))
            ._kuemmerer_receive(
                {
                    "kind": "worry",
                    "quarter_id": self.quarter_a.id,
                    "about": "Althaus",
                    "message": "Noch einmal dasselbe",
                }
            )
            .with_user(self.user_kuemmerer)
        )
        with self.assertRaisesMessage(UserError, "choose the hint"):
            second.action_merge()
        second.merged_into_id = self.intake
        second.action_merge()
        self.assertEqual(second.state, "merged")
        with self.assertRaisesMessage(UserError, "merged or rejected"):
            self.intake.with_user(self.user_kuemmerer).write(
                {"merged_into_id": second.id}
            )
            self.intake.with_user(self.user_kuemmerer).action_merge()
        second.action_reopen()
        self.assertEqual((second.state, second.merged_into_id.id), ("new", False))
        second.action_reject()
        self.assertEqual(second.state, "rejected")

    def test_limits_of_the_texts(self):
        Intake = self.env["kuemmerer.intake"].with_user(
            self.env.ref("base.public_user")
        )
        with self.assertRaisesMessage(Exception, "too long"):
            Intake._kuemmerer_receive({"kind": "help", "message": "x" * 4001})


@tagged("post_install", "-at_install")
class TestIntakeThrottle(KuemmererCommon):
    def test_per_address_and_hour(self):
        Throttle = self.env["kuemmerer.intake.throttle"]
        self.env["ir.config_parameter"].set_param(
            "kuemmerer_addon.intake_limit_per_address", 3
        )
        results = [Throttle._kuemmerer_take("192.0.2.1") for _index in range(5)]
        self.assertEqual(results, [True, True, True, False, False])
        self.assertTrue(Throttle._kuemmerer_take("192.0.2.2"))
        # the address itself is not stored
        keys = Throttle.search([]).mapped("key")
        self.assertFalse([key for key in keys if "192.0.2" in key])

    def test_all_addresses_together(self):
        Throttle = self.env["kuemmerer.intake.throttle"]
        self.env["ir.config_parameter"].set_param("kuemmerer_addon.intake_limit_all", 2)
        results = [
            Throttle._kuemmerer_take(f"198.51.100.{index}") for index in range(4)
        ]
        self.assertEqual(results, [True, True, False, False])


@tagged("post_install", "-at_install")
class TestIntakePrivacy(KuemmererCommon):
    def _intake(self, **vals):
        return (
            self.env["kuemmerer.intake"]
            .with_user(self.env.ref("base.public_user"))
            ._kuemmerer_receive(
                dict(
                    {
                        "kind": "help",
                        "quarter_id": self.quarter_a.id,
                        "message": "Hilfe",
                    },
                    **vals,
                )
            )
        )

    def test_disclosed_and_erased_with_the_resident(self):
        intake = self._intake(contact_name="Anna Althaus", message="Ich SECRET")
        intake.write({"partner_id": self.resident_a.id})
        Privacy = self.env["kuemmerer.privacy"].with_user(self.user_manager)
        sections = {
            s["model"]: s for s in Privacy._collect(self.resident_a)["sections"]
        }
        self.assertEqual(
            sections["kuemmerer.intake"]["records"][0]["message"], "Ich SECRET"
        )
        Privacy._anonymise(self.resident_a)
        self.assertFalse(intake.exists())

    def test_hints_naming_the_resident_are_erased_with_them(self):
        """Art. 17: in hints never linked to the resident, their full name
        (a whole word) becomes the placeholder, and a hint they sent loses
        its sender; a similar name of someone else stays."""
        self.resident_a.write({"email": "anna@example.org", "phone": "0371 111"})
        naming = self._intake(
            about="Frau Anna Althaus, 3. Stock",
            contact_name="Nachbarin Nora",
            contact_phone="0371 123456",
        )
        in_text = self._intake(message="Ich habe anna althaus lange nicht gesehen.")
        sent = self._intake(
            kind="help", contact_name="Anna Althaus", contact_email="ANNA@example.org"
        )
        similar = self._intake(about="Johanna Althausen", message="Briefkasten voll")
        in_text.sudo().action_reject()
        self.env["kuemmerer.privacy"].with_user(self.user_manager)._anonymise(
            self.resident_a
        )
        placeholder = f"Anonymised resident {self.resident_a.id}"
        self.assertEqual(naming.sudo().about, f"Frau {placeholder}, 3. Stock")
        self.assertEqual(naming.sudo().contact_name, "Nachbarin Nora", "not hers")
        self.assertEqual(
            in_text.sudo().message, f"Ich habe {placeholder} lange nicht gesehen."
        )
        self.assertEqual(in_text.sudo().state, "rejected", "still counted")
        self.assertFalse(sent.sudo().contact_name)
        self.assertFalse(sent.sudo().contact_email)
        self.assertEqual(similar.sudo().about, "Johanna Althausen")
        self.assertEqual(similar.sudo().message, "Briefkasten voll")

    def test_triaged_hints_are_deleted_after_the_retention(self):
        old, recent, waiting = self._intake(), self._intake(), self._intake()
        (old | recent).action_reject()
        old.date_triaged = "2020-01-01 10:00:00"
        self.env["kuemmerer.intake"]._gc_triaged_intakes()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(waiting.exists(), "a hint nobody looked at yet stays")
