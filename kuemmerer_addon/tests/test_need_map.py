# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The need map: open needs per building and category, no names, cells of
fewer than five needs masked in every view and export."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestNeedMap(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.house = cls.env["kuemmerer.building"].create(
            {"name": "Kartenhaus 1", "quarter_id": cls.quarter_a.id}
        )
        cls.lonely = cls.env.ref("kuemmerer_addon.need_category_loneliness")
        cls.care = cls.env.ref("kuemmerer_addon.need_category_care_health")
        residents = cls.env["res.partner"].create(
            [
                {
                    "name": f"Karten {index}",
                    "is_resident": True,
                    "quarter_id": cls.quarter_a.id,
                    "building_id": cls.house.id,
                }
                for index in range(6)
            ]
        )
        Need = cls.env["kuemmerer.need"]
        for resident in residents[:5]:
            Need.create({"partner_id": resident.id, "category_id": cls.lonely.id})
        for resident in residents[:4]:
            Need.create({"partner_id": resident.id, "category_id": cls.care.id})
        # a closed need does not count
        Need.create(
            {"partner_id": residents[5].id, "category_id": cls.lonely.id}
        ).action_resolve()

    def _cells(self, user=None):
        Map = self.env["kuemmerer.need.map"].with_user(user or self.user_manager)
        return {
            row["category_id"][0]: row
            for row in Map.search_read(
                [("building_id", "=", self.house.id)],
                ["category_id", "need_count", "is_masked"],
            )
        }

    def test_cells_under_five_are_masked(self):
        cells = self._cells()
        self.assertEqual(cells[self.lonely.id]["need_count"], 5)
        self.assertFalse(cells[self.lonely.id]["is_masked"])
        self.assertEqual(cells[self.care.id]["need_count"], 0)  # empty in the database
        self.assertTrue(cells[self.care.id]["is_masked"])
        # the building's total is the sum of the visible cells only
        groups = (
            self.env["kuemmerer.need.map"]
            .with_user(self.user_manager)
            ._read_group(
                [("building_id", "=", self.house.id)],
                ["building_id"],
                ["need_count:sum"],
            )
        )
        self.assertEqual(groups, [(self.house, 5)])
        # and an export shows no small number either
        Map = self.env["kuemmerer.need.map"].sudo()
        rows = Map.search([("building_id", "=", self.house.id)]).export_data(
            ["category_id/id", "need_count"]
        )["datas"]
        self.assertEqual(sorted(row[1] or 0 for row in rows), [0, 5])

    def test_no_names_and_only_for_the_coordination(self):
        fields_ = self.env["kuemmerer.need.map"]._fields
        self.assertFalse({"partner_id", "name", "description"} & set(fields_))
        for user in (self.user_kuemmerer, self.user_staff):
            with self.assertRaises(AccessError):
                self.env["kuemmerer.need.map"].with_user(user).search([])
