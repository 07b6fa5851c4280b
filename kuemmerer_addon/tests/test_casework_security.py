# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestCaseworkSecurity(KuemmererCommon):
    """Record rules per group and quarter; sensitive fields per group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        cls.need_a = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": category.id,
                "description": "Demenz A",
            }
        )
        cls.need_b = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_b.id,
                "category_id": category.id,
                "description": "Demenz B",
            }
        )
        cls.contact_a = cls.env["kuemmerer.contact"].create(
            {
                "partner_id": cls.resident_a.id,
                "summary": "Gespräch A",
                "user_id": cls.user_kuemmerer.id,
            }
        )
        cls.contact_b = cls.env["kuemmerer.contact"].create(
            {
                "partner_id": cls.resident_b.id,
                "summary": "Gespräch B",
                "user_id": cls.user_kuemmerer_b.id,
            }
        )
        cls.consent_a = cls.env["kuemmerer.consent"].create(
            {"partner_id": cls.resident_a.id, "purpose": "share_providers"}
        )
        cls.consent_b = cls.env["kuemmerer.consent"].create(
            {"partner_id": cls.resident_b.id, "purpose": "share_providers"}
        )

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([])

    def test_kuemmerer_sees_only_own_quarter(self):
        user = self.user_kuemmerer
        self.assertEqual(self._visible(user, "kuemmerer.need"), self.need_a)
        self.assertEqual(self._visible(user, "kuemmerer.contact"), self.contact_a)
        self.assertEqual(self._visible(user, "kuemmerer.consent"), self.consent_a)
        self.assertEqual(self.need_a.with_user(user).description, "Demenz A")
        for record in (self.need_b, self.contact_b, self.consent_b):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(user).read(["create_date"])
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(user).check_access("write")
        # nothing of B through the resident either
        self.assertFalse(self.resident_b.with_user(user).need_ids)
        self.assertFalse(self.resident_b.with_user(user).contact_ids)
        groups = (
            self.env["kuemmerer.need"]
            .with_user(user)
            ._read_group([], ["quarter_id"], ["__count"])
        )
        self.assertEqual(groups, [(self.quarter_a, 1)])

    def test_kuemmerer_sees_what_is_assigned_to_them(self):
        self.need_b.user_id = self.user_kuemmerer
        self.assertIn(self.need_b, self._visible(self.user_kuemmerer, "kuemmerer.need"))
        self.resident_b.kuemmerer_user_id = self.user_kuemmerer
        self.assertIn(
            self.contact_b, self._visible(self.user_kuemmerer, "kuemmerer.contact")
        )
        self.assertIn(
            self.consent_b, self._visible(self.user_kuemmerer, "kuemmerer.consent")
        )

    def test_manager_sees_all(self):
        user = self.user_manager
        self.assertEqual(
            self._visible(user, "kuemmerer.need"), self.need_a | self.need_b
        )
        self.assertEqual(
            self._visible(user, "kuemmerer.contact"), self.contact_a | self.contact_b
        )
        self.assertEqual(self.contact_b.with_user(user).summary, "Gespräch B")
        self.need_b.with_user(user).unlink()
        self.assertFalse(self.need_b.exists())

    def test_kuemmerer_cannot_delete_needs(self):
        with self.assertRaises(AccessError):
            self.need_a.with_user(self.user_kuemmerer).unlink()

    def test_staff_has_no_casework_access(self):
        user = self.user_staff
        for model in (
            "kuemmerer.need",
            "kuemmerer.contact",
            "kuemmerer.consent",
            "kuemmerer.trusted.person",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.contact_a.with_user(user).read(["summary"])
        with self.assertRaises(AccessError):
            self.resident_a.with_user(user).read(["need_ids"])
        with self.assertRaises(AccessError):
            self.env["kuemmerer.resident"].with_user(user).search_read(
                [], ["lives_alone"]
            )
        with self.assertRaises(AccessError):
            self.resident_a.with_user(user).read(["open_need_count"])
        # staff do see who is a resident and who is cared for
        values = self.resident_a.with_user(user).read(
            ["is_resident", "quarter_id", "kuemmerer_user_id", "is_cared_for"]
        )[0]
        self.assertTrue(values["is_resident"])
        self.assertTrue(values["is_cared_for"])

    def test_other_users_have_no_access(self):
        for user in (
            self.user_internal,
            self.user_portal,
            self.env.ref("base.public_user"),
        ):
            for model in ("kuemmerer.need", "kuemmerer.contact", "kuemmerer.consent"):
                with (
                    self.subTest(user=user.login, model=model),
                    self.assertRaises(AccessError),
                ):
                    self.env[model].with_user(user).search_read([], ["id"])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.resident_a.with_user(user).read(["last_contact_date"])

    def test_sensitive_fields_declare_groups(self):
        for model, field in (
            ("kuemmerer.need", "description"),
            ("kuemmerer.contact", "summary"),
        ):
            self.assertEqual(
                self.env[model]._fields[field].groups,
                "kuemmerer_addon.group_kuemmerer_user",
            )


@tagged("post_install", "-at_install")
class TestMultiCompany(KuemmererCommon):
    def test_company_b_never_sees_company_a(self):
        company_b = self.env["res.company"].create({"name": "Wohnungsgenossenschaft B"})
        user_b = new_test_user(
            self.env,
            login="k_company_b",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_manager",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        category = self.env.ref("kuemmerer_addon.need_category_loneliness")
        need = self.env["kuemmerer.need"].create(
            {"partner_id": self.resident_a.id, "category_id": category.id}
        )
        shift = self.env["kuemmerer.shift"].create(
            {
                "name": "Café A",
                "quarter_id": self.quarter_a.id,
                "date_begin": "2030-01-01 10:00:00",
                "date_end": "2030-01-01 12:00:00",
            }
        )
        self.assertEqual(self.resident_a.company_id, self.env.company)
        self.assertEqual(need.company_id, self.env.company)
        self.assertEqual(shift.company_id, self.env.company)
        as_b = self.env(user=user_b, context={"allowed_company_ids": company_b.ids})
        self.assertFalse(as_b["res.partner"].search([("id", "=", self.resident_a.id)]))
        self.assertFalse(as_b["kuemmerer.need"].search([]))
        self.assertFalse(as_b["kuemmerer.shift"].search([]))
        self.assertFalse(
            as_b["kuemmerer.quarter"].search([("id", "=", self.quarter_a.id)])
        )
        with self.assertRaises(AccessError):
            need.with_env(as_b).read(["state"])
        # and a manager of company A sees all of it
        self.assertIn(
            need, self.env["kuemmerer.need"].with_user(self.user_manager).search([])
        )
