# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Buildings (kuemmerer.building): residents live in them, the import fills
them, the caretaker reports hints for them, visits are ordered by them."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestBuilding(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_caretaker = new_test_user(
            cls.env,
            login="k_caretaker",
            name="Hanno Hausmeister",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_staff",
        )
        Building = cls.env["kuemmerer.building"]
        cls.linden = Building.create(
            {
                "name": "Lindenstraße 1",
                "street": "Lindenstraße 1",
                "zip": "10115",
                "city": "Berlin",
                "quarter_id": cls.quarter_a.id,
                "caretaker_id": cls.user_caretaker.id,
            }
        )
        cls.birken = Building.create(
            {
                "name": "Birkenweg 7 A",
                "street": "Birkenweg 7",
                "quarter_id": cls.quarter_a.id,
            }
        )
        cls.resident_a.building_id = cls.linden
        cls.category = cls.env.ref("kuemmerer_addon.need_category_loneliness")

    def test_who_may_change_buildings(self):
        for user in (self.user_staff, self.user_kuemmerer):
            building = self.linden.with_user(user)
            self.assertEqual(building.name, "Lindenstraße 1")
            with self.assertRaises(AccessError):
                building.write({"city": "Potsdam"})
        with self.assertRaises(AccessError):
            self.linden.with_user(self.user_internal).read(["name"])
        self.linden.with_user(self.user_manager).write({"city": "Berlin-Mitte"})

    def test_residents_of_a_building(self):
        self.assertEqual(self.linden.resident_count, 1)
        self.assertEqual(self.linden.resident_ids, self.resident_a)
        # on the case file, through _inherits
        self.assertEqual(self._file(self.resident_a).building_id, self.linden)
        action = self.linden.with_user(self.user_kuemmerer).action_open_residents()
        self.assertEqual(action["res_model"], "kuemmerer.resident")
        self.assertEqual(action["domain"], [("building_id", "=", self.linden.id)])
        # the lists and the radar group by building
        groups = (
            self.env["kuemmerer.resident"]
            .with_user(self.user_kuemmerer)
            ._read_group(
                [("quarter_id", "=", self.quarter_a.id)], ["building_id"], ["__count"]
            )
        )
        self.assertIn((self.linden, 1), groups)

    def test_import_fills_the_building(self):
        Resident = self.env["kuemmerer.resident"].with_user(self.user_manager)
        # by name
        result = Resident.load(
            ["tenant_number", "name", "quarter_id", "building_id"],
            [
                ["500", "Erna Eins", "QA", "birkenweg 7 a"],
                ["501", "Otto Zwei", "QA", "Atlantis 1"],
            ],
        )
        self.assertEqual(len(result["ids"]), 1)
        self.assertRegex(
            result["messages"][0]["message"], r"building \"Atlantis 1\" is unknown"
        )
        erna = Resident.search([("tenant_number", "=", "500")])
        self.assertEqual(erna.building_id, self.birken)
        # by address, when the file has no building column
        result = Resident.load(
            ["tenant_number", "name", "quarter_id", "street", "zip"],
            [
                ["502", "Ida Drei", "QA", "Lindenstr. 1", "10115"],
                ["503", "Paul Vier", "QA", "Lindenstraße 1", "99999"],
                ["504", "Rosa Fünf", "QA", "Ulmenallee 2", ""],
            ],
        )
        self.assertEqual(result["messages"], [])
        found = {
            resident.tenant_number: resident.building_id
            for resident in Resident.search(
                [("tenant_number", "in", ["502", "503", "504"])]
            )
        }
        self.assertEqual(found["502"], self.linden)
        self.assertFalse(found["503"], "another ZIP code: another house")
        self.assertFalse(found["504"])

    def test_caretaker_reports_a_hint_for_the_building(self):
        wizard = Form(self.env["kuemmerer.hint.wizard"].with_user(self.user_caretaker))
        self.assertEqual(wizard.building_id, self.linden, "the caretaker's building")
        wizard.category_id = self.category
        wizard.text = "Die Dame im 2. Stock war seit einer Woche nicht zu sehen."
        wizard.save().action_confirm()
        intake = self.env["kuemmerer.intake"].search([("about", "=", "Lindenstraße 1")])
        self.assertEqual(len(intake), 1)
        self.assertEqual(intake.quarter_id, self.quarter_a)
        self.assertEqual(intake.contact_name, "Hanno Hausmeister")
        self.assertEqual(intake.category_id, self.category)
        # the caretaker reads nothing of it afterwards
        with self.assertRaises(AccessError):
            intake.with_user(self.user_caretaker).read(["message"])
        # for a resident of the building: a need, as every staff hint
        wizard = Form(self.env["kuemmerer.hint.wizard"].with_user(self.user_caretaker))
        wizard.partner_id = self.resident_a
        wizard.category_id = self.category
        wizard.text = "Briefkasten voll"
        wizard.save().action_confirm()
        self.assertTrue(
            self.env["kuemmerer.need"].search(
                [("partner_id", "=", self.resident_a.id), ("source", "=", "staff_hint")]
            )
        )

    def test_hint_needs_a_resident_or_a_building(self):
        wizard = (
            self.env["kuemmerer.hint.wizard"]
            .with_user(self.user_staff)
            .create({"category_id": self.category.id, "text": "Etwas stimmt nicht"})
        )
        with self.assertRaisesMessage(UserError, "at least the building"):
            wizard.action_confirm()

    def test_visits_of_the_day_by_building(self):
        other = self.env["res.partner"].create(
            {
                "name": "Zora Zeh",
                "is_resident": True,
                "quarter_id": self.quarter_a.id,
                "building_id": self.birken.id,
            }
        )
        now = fields.Datetime.now()
        Visit = self.env["kuemmerer.visit"].with_context(no_mail_to_attendees=True)
        first = Visit.create(
            {
                "partner_id": self.resident_a.id,
                "user_id": self.user_kuemmerer.id,
                "date": now + timedelta(hours=1),
            }
        )
        second = Visit.create(
            {
                "partner_id": other.id,
                "user_id": self.user_kuemmerer.id,
                "date": now + timedelta(hours=2),
            }
        )
        self.assertEqual(
            (first.building_id, second.building_id), (self.linden, self.birken)
        )
        ordered = Visit.with_user(self.user_kuemmerer).search(
            [("id", "in", (first | second).ids)], order="building_id, date"
        )
        # buildings in their order (quarter, street): Birkenweg before Lindenstraße
        self.assertEqual(ordered, second | first)
        # a resident who moves: the visit follows
        other.building_id = self.linden
        self.assertEqual(second.building_id, self.linden)
