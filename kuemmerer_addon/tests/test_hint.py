# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

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
        need = self.env["kuemmerer.need"].search([("partner_id", "=", self.resident_a.id)])
        self.assertEqual(len(need), 1)
        self.assertEqual(need.state, "new")
        self.assertEqual(need.source, "staff_hint")
        self.assertEqual(need.user_id, self.user_kuemmerer, "assigned to the quarter's Kümmerer")
        self.assertEqual(need.description, "Briefkasten quillt seit Tagen über")
        self.assertEqual(need.create_uid, self.user_staff)
        activity = need.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        self.assertNotIn("Briefkasten", activity.summary or "")
        self.assertNotIn("Briefkasten", str(activity.note or ""))
        # the Kümmerer sees it on the board
        self.assertIn(need, self.env["kuemmerer.need"].with_user(self.user_kuemmerer).search([]))

    def test_staff_sees_state_never_description(self):
        self._report()
        need_as_staff = self.env["kuemmerer.need"].with_user(self.user_staff).search([])
        self.assertEqual(len(need_as_staff), 1)
        self.assertEqual(need_as_staff.state, "new")
        self.assertEqual(need_as_staff.category_id, self.category)
        with self.assertRaises(AccessError):
            need_as_staff.read(["description"])
        with self.assertRaises(AccessError):
            self.env["kuemmerer.need"].with_user(self.user_staff).search_read([], ["description"])
        with self.assertRaises(AccessError):
            self.env["kuemmerer.need"].with_user(self.user_staff).search(
                [("description", "ilike", "Briefkasten")]
            )
        # and cannot change the need
        with self.assertRaises(AccessError):
            need_as_staff.write({"priority": "3"})
        with self.assertRaises(AccessError):
            need_as_staff.action_resolve()
        # the Kümmerer progresses it; staff see the new state
        need_as_staff.sudo().with_user(self.user_kuemmerer).action_start()
        need_as_staff.invalidate_recordset()
        self.assertEqual(need_as_staff.state, "in_progress")

    def test_staff_do_not_see_other_needs(self):
        other = self.env["kuemmerer.need"].create(
            {"partner_id": self.resident_a.id, "category_id": self.category.id}
        )
        self.assertFalse(self.env["kuemmerer.need"].with_user(self.user_staff).search([]))
        with self.assertRaises(AccessError):
            other.with_user(self.user_staff).read(["state"])

    def test_hint_without_responsible_refused(self):
        nobody = self.env["kuemmerer.quarter"].create({"name": "Ohne Kümmerer", "code": "OK"})
        lonely = self.env["res.partner"].create(
            {"name": "Otto Ohne", "is_resident": True, "quarter_id": nobody.id}
        )
        with self.assertRaisesMessage(UserError, "Nobody is responsible"):
            self._report(partner=lonely)
        self.assertFalse(self.env["kuemmerer.need"].search([("partner_id", "=", lonely.id)]))

    def test_blank_hint_refused(self):
        with self.assertRaises(UserError):
            self._report(text="   ")
        self.assertFalse(self.env["kuemmerer.need"].search([("partner_id", "=", self.resident_a.id)]))

    def test_internal_user_cannot_report(self):
        with self.assertRaises(AccessError):
            self.env["kuemmerer.hint.wizard"].with_user(self.user_internal).create(
                {"partner_id": self.resident_a.id, "category_id": self.category.id, "text": "x"}
            )
