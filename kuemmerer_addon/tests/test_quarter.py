# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestQuarter(KuemmererCommon):
    def _assert_crud(self, user, read, write, create, unlink):
        Quarter = self.env["kuemmerer.quarter"].with_user(user)
        quarter = self.quarter_a.with_user(user)
        expected = {"read": read, "write": write, "create": create, "unlink": unlink}
        for operation, allowed in expected.items():
            with self.subTest(user=user.login, operation=operation):
                self.assertEqual(Quarter.has_access(operation), allowed)
        if read:
            self.assertEqual(quarter.name, "Quartier A")
            self.assertIn(self.quarter_b, Quarter.search([]))
        else:
            with self.assertRaises(AccessError):
                quarter.read(["name"])
            with self.assertRaises(AccessError):
                Quarter.search_read([], ["name"])
        if write:
            quarter.write({"name": "Quartier A2"})
            self.assertEqual(self.quarter_a.name, "Quartier A2")
        else:
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                quarter.write({"name": "Gehackt"})
            self.assertEqual(self.quarter_a.name, "Quartier A")
        if create:
            new = Quarter.create({"name": "Neu", "code": "NEU"})
            self.assertTrue(new.exists())
        else:
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                Quarter.create({"name": "Neu", "code": "NEU"})
            self.assertFalse(
                self.env["kuemmerer.quarter"].search([("code", "=", "NEU")])
            )
        empty = self.env["kuemmerer.quarter"].create({"name": "Leer", "code": "LEER"})
        if unlink:
            empty.with_user(user).unlink()
            self.assertFalse(empty.exists())
        else:
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                empty.with_user(user).unlink()
            self.assertTrue(empty.exists())

    def test_access_manager(self):
        self._assert_crud(self.user_manager, True, True, True, True)

    def test_access_kuemmerer(self):
        self._assert_crud(self.user_kuemmerer, True, False, False, False)

    def test_access_staff(self):
        self._assert_crud(self.user_staff, True, False, False, False)

    def test_access_internal_without_group(self):
        self._assert_crud(self.user_internal, False, False, False, False)

    def test_access_portal(self):
        self._assert_crud(self.user_portal, False, False, False, False)

    def test_access_public(self):
        public = self.env.ref("base.public_user")
        self._assert_crud(public, False, False, False, False)

    def test_groups_hierarchy(self):
        self.assertTrue(
            self.user_manager.has_group("kuemmerer_addon.group_kuemmerer_user")
        )
        self.assertTrue(
            self.user_manager.has_group("kuemmerer_addon.group_kuemmerer_staff")
        )
        self.assertTrue(
            self.user_kuemmerer.has_group("kuemmerer_addon.group_kuemmerer_staff")
        )
        self.assertFalse(
            self.user_staff.has_group("kuemmerer_addon.group_kuemmerer_user")
        )
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("kuemmerer_addon.group_kuemmerer_manager"))

    def test_resident_count_and_action(self):
        self.env["res.partner"].create(
            {
                "name": "Carl Clausen",
                "is_resident": True,
                "quarter_id": self.quarter_a.id,
            }
        )
        self.assertEqual(self.quarter_a.resident_count, 2)
        self.assertEqual(self.quarter_b.resident_count, 1)
        action = self.quarter_a.action_view_residents()
        residents = self.env["res.partner"].search(action["domain"])
        self.assertEqual(
            set(residents.mapped("name")), {"Anna Althaus", "Carl Clausen"}
        )

    def test_unlink_with_residents_refused(self):
        with self.assertRaisesMessage(UserError, "still has residents"):
            self.quarter_a.with_user(self.user_manager).unlink()
        self.assertTrue(self.quarter_a.exists())

    def test_code_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["kuemmerer.quarter"].create({"name": "Doppelt", "code": "QA"})

    def test_partner_search_by_quarter(self):
        found = self.env["res.partner"].search(
            [("is_resident", "=", True), ("quarter_id", "=", self.quarter_b.id)]
        )
        self.assertEqual(found, self.resident_b)
