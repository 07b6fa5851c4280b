# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestHint(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref("kuemmerer_addon.need_category_neglect")

    def _report(self, partner=None, text="Briefkasten quillt seit Tagen über"):
        wizard = Form(self.env["kuemmerer.hint.wizard"].with_user(self.user_staff))
        wizard.partner_id = partner or self.resident_a
        wizard.category_id = self.category
        wizard.text = text
        return wizard.save().action_confirm()

    def test_hint_flow(self):
        result = self._report()
        self.assertEqual(result["params"]["type"], "success")
        need = self.env["kuemmerer.need"].search(
            [("partner_id", "=", self.resident_a.id)]
        )
        self.assertEqual(len(need), 1)
        self.assertEqual(need.state, "new")
        self.assertEqual(need.source, "staff_hint")
        self.assertEqual(
            need.user_id, self.user_kuemmerer, "assigned to the quarter's Kümmerer"
        )
        self.assertEqual(need.description, "Briefkasten quillt seit Tagen über")
        self.assertEqual(need.reported_by_id, self.user_staff)
        # the reporter follows nothing and the dialog keeps nothing
        self.assertNotIn(self.user_staff.partner_id, need.message_partner_ids)
        activity = need.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        self.assertNotIn("Briefkasten", activity.summary or "")
        self.assertNotIn("Briefkasten", str(activity.note or ""))
        # the Kümmerer sees it on the board
        self.assertIn(
            need, self.env["kuemmerer.need"].with_user(self.user_kuemmerer).search([])
        )

    def test_staff_sees_state_never_description(self):
        self._report()
        Hint = self.env["kuemmerer.hint"].with_user(self.user_staff)
        hint = Hint.search([])
        self.assertEqual(len(hint), 1)
        self.assertEqual(hint.state, "new")
        self.assertEqual(hint.category_id, self.category)
        self.assertEqual(hint.partner_id, self.resident_a)
        self.assertNotIn("description", Hint._fields)
        # the need itself stays closed to staff: no read, no text, no change
        Need = self.env["kuemmerer.need"].with_user(self.user_staff)
        need = self.env["kuemmerer.need"].search(
            [("partner_id", "=", self.resident_a.id)]
        )
        for call in (
            lambda: Need.search([]),
            lambda: Need.search_read([], ["description"]),
            lambda: Need.search([("description", "ilike", "Briefkasten")]),
            lambda: need.with_user(self.user_staff).read(["state"]),
            lambda: need.with_user(self.user_staff).write({"priority": "3"}),
            lambda: need.with_user(self.user_staff).action_resolve(),
        ):
            with self.assertRaises(AccessError):
                call()
        # the Kümmerer progresses it; staff see the new state
        need.with_user(self.user_kuemmerer).action_start()
        self.env.flush_all()
        hint.invalidate_recordset()
        self.assertEqual(hint.state, "in_progress")
        # another staff member sees nothing of it
        other = new_test_user(
            self.env,
            login="k_staff_2",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_staff",
        )
        self.assertFalse(self.env["kuemmerer.hint"].with_user(other).search([]))

    def test_staff_do_not_see_other_needs(self):
        other = self.env["kuemmerer.need"].create(
            {"partner_id": self.resident_a.id, "category_id": self.category.id}
        )
        self.assertFalse(
            self.env["kuemmerer.hint"].with_user(self.user_staff).search([])
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user_staff).read(["state"])

    def test_hint_without_responsible_refused(self):
        nobody = self.env["kuemmerer.quarter"].create(
            {"name": "Ohne Kümmerer", "code": "OK"}
        )
        lonely = self.env["res.partner"].create(
            {"name": "Otto Ohne", "is_resident": True, "quarter_id": nobody.id}
        )
        with self.assertRaisesMessage(UserError, "Nobody is responsible"):
            self._report(partner=lonely)
        self.assertFalse(
            self.env["kuemmerer.need"].search([("partner_id", "=", lonely.id)])
        )

    def test_blank_hint_refused(self):
        with self.assertRaises(UserError):
            self._report(text="   ")
        self.assertFalse(
            self.env["kuemmerer.need"].search([("partner_id", "=", self.resident_a.id)])
        )

    def test_internal_user_cannot_report(self):
        with self.assertRaises(AccessError):
            self.env["kuemmerer.hint.wizard"].with_user(self.user_internal).create(
                {
                    "partner_id": self.resident_a.id,
                    "category_id": self.category.id,
                    "text": "x",
                }
            )
