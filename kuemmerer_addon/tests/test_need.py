# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KuemmererCommon
from .german import load_german


@tagged("post_install", "-at_install")
class TestNeed(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref("kuemmerer_addon.need_category_loneliness")
        cls.Need = cls.env["kuemmerer.need"].with_user(cls.user_kuemmerer)

    def _need(self, **vals):
        return self.Need.create(
            {"partner_id": self.resident_a.id, "category_id": self.category.id, **vals}
        )

    def test_reference_and_quarter(self):
        need = self._need()
        self.assertRegex(need.name, r"^BED/\d{4}/\d{4}$")
        self.assertEqual(need.quarter_id, self.quarter_a)
        self.assertEqual(need.state, "new")
        self.assertEqual(need.user_id, self.user_kuemmerer)
        # the quarter follows the resident
        self.resident_a.quarter_id = self.quarter_b
        self.assertEqual(need.quarter_id, self.quarter_b)

    def test_default_categories(self):
        names = set(self.env["kuemmerer.need.category"].search([]).mapped("name"))
        for name in (
            "Vereinsamung",
            "Verwahrlosung",
            "Pflege und Gesundheit",
            "Haushalt und Alltag",
            "Mobilität",
            "Finanzen und Behörden",
            "Wohnen und Barrierefreiheit",
            "Digitale Teilhabe",
            "Sonstiges",
        ):
            self.assertIn(name, names)

    @freeze_time("2026-03-10")
    def test_state_machine(self):
        need = self._need()
        self.env.flush_all()
        self.env.cr.precommit.run()
        steps = [
            ("action_assess", "assessed"),
            ("action_start", "in_progress"),
            ("action_resolve", "resolved"),
            ("action_reopen", "assessed"),
            ("action_cancel", "cancelled"),
            ("action_reopen", "assessed"),
        ]
        for method, state in steps:
            getattr(need, method)()
            self.assertEqual(need.state, state)
            if state == "resolved":
                self.assertEqual(str(need.date_resolved), "2026-03-10")
            else:
                self.assertFalse(need.date_resolved)
            self.env.flush_all()
            self.env.cr.precommit.run()  # tracking is written at commit time
        # every state change is tracked in the chatter
        tracked = need.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(len(tracked), len(steps))

    def test_wrong_transitions(self):
        need = self._need()
        need.action_cancel()
        with self.assertRaisesMessage(UserError, "cannot be resolved"):
            need.action_resolve()
        self.assertEqual(need.state, "cancelled")
        with self.assertRaises(UserError):
            need.action_assess()
        with self.assertRaises(UserError):
            need.action_start()
        with self.assertRaises(UserError):
            need.action_cancel()
        open_need = self._need()
        with self.assertRaisesMessage(UserError, "cannot be reopened"):
            open_need.action_reopen()
        open_need.action_start()
        with self.assertRaises(UserError):
            open_need.action_assess()

    def test_wrong_transition_message_in_german(self):
        load_german(self.env, modules=["kuemmerer_addon"])
        self.user_kuemmerer.lang = "de_DE"
        need = self._need()
        need.action_cancel()
        with self.assertRaises(UserError) as error:
            need.with_context(lang="de_DE").action_resolve()
        self.assertIn("kann nicht erledigt werden", str(error.exception))
        self.assertIn("Abgebrochen", str(error.exception))

    def test_batch_transition_is_all_or_nothing(self):
        first, second = self._need(), self._need()
        second.action_cancel()
        with self.assertRaises(UserError):
            (first | second).action_resolve()
        self.assertEqual(first.state, "new")

    def test_need_only_for_residents(self):
        stranger = self.env["res.partner"].create({"name": "Kein Bewohner"})
        with self.assertRaisesMessage(
            ValidationError, "only be recorded for residents"
        ):
            self.Need.create(
                {"partner_id": stranger.id, "category_id": self.category.id}
            )
        self.assertFalse(
            self.env["kuemmerer.need"].search([("partner_id", "=", stranger.id)])
        )

    @freeze_time("2026-03-10")
    def test_need_not_detected_in_future(self):
        with self.assertRaises(ValidationError):
            self._need(date_detected="2026-03-11")

    def test_staff_cannot_read_notes_of_need(self):
        """Chatter notes are casework: the reporting staff member cannot read them."""
        wizard = (
            self.env["kuemmerer.hint.wizard"]
            .with_user(self.user_staff)
            .create(
                {
                    "partner_id": self.resident_a.id,
                    "category_id": self.category.id,
                    "text": "Briefkasten quillt über",
                }
            )
        )
        wizard.action_confirm()
        need = self.env["kuemmerer.need"].search(
            [("partner_id", "=", self.resident_a.id)]
        )
        note = need.with_user(self.user_kuemmerer).message_post(
            body="Tochter sagt: beginnende Demenz",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        messages = (
            self.env["mail.message"]
            .with_user(self.user_staff)
            .search([("model", "=", "kuemmerer.need"), ("res_id", "=", need.id)])
        )
        self.assertNotIn(note, messages)
        self.assertIn(
            note,
            self.env["mail.message"]
            .with_user(self.user_kuemmerer)
            .search([("model", "=", "kuemmerer.need"), ("res_id", "=", need.id)]),
        )
        self.assertNotIn(self.user_staff.partner_id, need.message_partner_ids)
