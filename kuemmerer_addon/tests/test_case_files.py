# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Case files stay where they belong (issue 13): nobody claims a resident,
care data follows the quarter rules, staff and other quarters find no side
door, casework is recorded only for one's own residents, bad input gets a
clear message. Every test plays the attacker with a real non-admin user."""

import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestCaseFiles(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref("kuemmerer_addon.need_category_loneliness")
        cls.file_a = cls._file(cls.resident_a)
        cls.file_a.write(
            {
                "birthdate": "1938-03-12",
                "lives_alone": True,
                "mobility": "walking_aid",
                "reach_note": "klingelt zweimal",
            }
        )
        cls.need_a = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": cls.category.id,
                "description": "Sturz im Bad",
                "user_id": cls.user_kuemmerer.id,
            }
        )
        cls.contact_a = cls.env["kuemmerer.contact"].create(
            {
                "partner_id": cls.resident_a.id,
                "channel": "phone",
                "summary": "Geheimes Gespräch",
            }
        )

    # ------------------------------------------------------------
    # 1. nobody claims a resident
    # ------------------------------------------------------------

    def test_other_quarter_cannot_take_over(self):
        attacker = self.resident_a.with_user(self.user_kuemmerer_b)
        for vals in (
            {"quarter_id": self.quarter_b.id},
            {"kuemmerer_user_id": self.user_kuemmerer_b.id},
            {"quarter_id": False},
            {"is_resident": False},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesMessage(UserError, "coordination"),
            ):
                attacker.write(vals)
        # ... not in two steps either: take the resident off, then move them
        with self.assertRaises(UserError):
            attacker.write({"is_resident": False, "quarter_id": self.quarter_b.id})
        self.assertEqual(self.resident_a.quarter_id, self.quarter_a)
        self.assertFalse(self.resident_a.kuemmerer_user_id)
        # nor through the case file, the import or a merge
        with self.assertRaises(AccessError):
            self.file_a.with_user(self.user_kuemmerer_b).write(
                {"kuemmerer_user_id": self.user_kuemmerer_b.id}
            )
        result = (
            self.env["res.partner"]
            .with_user(self.user_kuemmerer_b)
            .load(
                [".id", "quarter_id/.id"],
                [[str(self.resident_a.id), str(self.quarter_b.id)]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertRegex(str(result["messages"]), "coordination")
        own = (
            self.env["res.partner"]
            .with_user(self.user_kuemmerer_b)
            .create(
                {
                    "name": "Berta Doppelt",
                    "is_resident": True,
                    "quarter_id": self.quarter_b.id,
                }
            )
        )
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(
            self.user_kuemmerer_b
        )
        with self.assertRaisesMessage(UserError, "only the coordination may merge"):
            wizard._merge((self.resident_a | own).ids, own)
        self.assertTrue(self.resident_a.exists())
        self.assertEqual(self.need_a.partner_id, self.resident_a)
        # nor delete the resident
        with self.assertRaisesMessage(UserError, "only the coordination may delete"):
            self.resident_a.with_user(self.user_kuemmerer_b).unlink()
        # and still reads nothing of the case file
        self.assertFalse(
            self.env["kuemmerer.need"].with_user(self.user_kuemmerer_b).search([])
        )
        self.assertFalse(
            self.env["kuemmerer.resident"]
            .with_user(self.user_kuemmerer_b)
            .search([("id", "=", self.file_a.id)])
        )

    def test_own_kuemmerer_cannot_reassign_either(self):
        """Even the resident's own Kümmerer changes responsibility only by a
        handover."""
        with self.assertRaisesMessage(UserError, "Hand over"):
            self.resident_a.with_user(self.user_kuemmerer).write(
                {"kuemmerer_user_id": self.user_kuemmerer_b.id}
            )
        with self.assertRaisesMessage(UserError, "coordination"):
            self.file_a.with_user(self.user_kuemmerer).write(
                {"quarter_id": self.quarter_b.id}
            )
        # a plain change of address is fine
        self.file_a.with_user(self.user_kuemmerer).write(
            {"street": "Lindenstraße 3", "lives_alone": False}
        )
        self.assertEqual(self.resident_a.street, "Lindenstraße 3")

    def test_new_residents_only_in_own_quarters(self):
        Partner = self.env["res.partner"].with_user(self.user_kuemmerer_b)
        with self.assertRaisesMessage(UserError, "only for your own quarters"):
            Partner.create(
                {"name": "Neu A", "is_resident": True, "quarter_id": self.quarter_a.id}
            )
        with self.assertRaisesMessage(UserError, "coordination"):
            Partner.create(
                {
                    "name": "Neu B",
                    "is_resident": True,
                    "quarter_id": self.quarter_b.id,
                    "kuemmerer_user_id": self.user_kuemmerer.id,
                }
            )
        # a person who is not a resident yet cannot be made one in a foreign quarter
        neighbour = self.env["res.partner"].create(
            {"name": "Nachbar", "quarter_id": self.quarter_a.id}
        )
        with self.assertRaisesMessage(UserError, "only for your own quarters"):
            neighbour.with_user(self.user_kuemmerer_b).write({"is_resident": True})
        self.assertFalse(neighbour.is_resident)
        # in the own quarter: fine, with a case file
        mine = Partner.create(
            {"name": "Neu Eigen", "is_resident": True, "quarter_id": self.quarter_b.id}
        )
        self.assertTrue(self._file(mine))
        self.assertEqual(
            self.env["kuemmerer.resident"]
            .with_user(self.user_kuemmerer_b)
            .search([("partner_id", "=", mine.id)]),
            self._file(mine),
        )

    def test_coordinator_moves_residents(self):
        self.resident_a.with_user(self.user_manager).write(
            {"quarter_id": self.quarter_b.id}
        )
        self.assertEqual(self.resident_a.quarter_id, self.quarter_b)
        Resident = self.env["kuemmerer.resident"]
        self.assertTrue(
            Resident.with_user(self.user_kuemmerer_b).search(
                [("id", "=", self.file_a.id)]
            )
        )
        self.assertFalse(
            Resident.with_user(self.user_kuemmerer).search(
                [("id", "=", self.file_a.id)]
            )
        )

    def test_handover(self):
        colleague = self.user_kuemmerer_b
        wizard = Form(
            self.env["kuemmerer.handover.wizard"]
            .with_user(self.user_kuemmerer)
            .with_context(default_resident_id=self.file_a.id)
        )
        wizard.user_id = colleague
        wizard.note = "Montags anrufen"
        wizard.save().action_confirm()
        self.assertEqual(self.resident_a.kuemmerer_user_id, colleague)
        # logged on the file, an activity for the receiver
        self.assertTrue(
            self.file_a.message_ids.filtered(
                lambda m: "Handed over" in str(m.body) and colleague.name in str(m.body)
            )
        )
        activity = self.file_a.activity_ids.filtered(lambda a: a.user_id == colleague)
        self.assertEqual(len(activity), 1)
        # the colleague now reads the file and the needs
        self.assertEqual(
            self.file_a.with_user(colleague).birthdate.isoformat(), "1938-03-12"
        )
        self.assertIn(
            self.need_a, self.env["kuemmerer.need"].with_user(colleague).search([])
        )
        # who does not hold the resident cannot hand over
        third = self.env["res.users"].create(
            {
                "name": "Dritte",
                "login": "k_third",
                "groups_id": [
                    (6, 0, [self.env.ref("kuemmerer_addon.group_kuemmerer_user").id])
                ],
            }
        )
        self.quarter_a.user_ids = [(4, third.id)]
        with self.assertRaisesMessage(UserError, "Only the Kümmerer responsible"):
            self._file(self.resident_a).with_user(third)._kuemmerer_hand_over(third)
        # the new holder may pass on, the coordination always
        self.file_a.with_user(colleague)._kuemmerer_hand_over(third)
        self.assertEqual(self.resident_a.kuemmerer_user_id, third)
        self.file_a.with_user(self.user_manager)._kuemmerer_hand_over(
            self.user_kuemmerer
        )
        self.assertEqual(self.resident_a.kuemmerer_user_id, self.user_kuemmerer)
        # never to somebody who is no Kümmerer
        with self.assertRaisesMessage(UserError, "choose a Kümmerer"):
            self.file_a.with_user(self.user_manager)._kuemmerer_hand_over(
                self.user_staff
            )

    # ------------------------------------------------------------
    # 2. care data follows the quarter rules
    # ------------------------------------------------------------

    def test_care_data_of_other_quarters_is_closed(self):
        Resident = self.env["kuemmerer.resident"].with_user(self.user_kuemmerer_b)
        self.assertFalse(Resident.search([("birthdate", "=", "1938-03-12")]))
        self.assertFalse(Resident.search([("lives_alone", "=", True)]))
        self.assertEqual(Resident.search_count([("id", "=", self.file_a.id)]), 0)
        self.assertFalse(Resident.name_search("Anna"))
        groups = Resident.read_group([], ["attention_level"], ["attention_level"])
        self.assertFalse(
            [
                g
                for g in groups
                if g["attention_level_count"] and g["attention_level"] == 2
            ]
        )
        with self.assertRaises(AccessError):
            self.file_a.with_user(self.user_kuemmerer_b).read(["birthdate"])
        self.user_kuemmerer_b.groups_id += self.env.ref("base.group_allow_export")
        with self.assertRaises(AccessError):
            self.file_a.with_user(self.user_kuemmerer_b).export_data(
                ["birthdate", "reach_note"]
            )
        # from the partner side, which everybody reads, the file is not there
        partner = self.resident_a.with_user(self.user_kuemmerer_b)
        self.assertFalse(partner.kuemmerer_resident_ids)
        self.assertFalse(partner.kuemmerer_resident_id)
        spec = {
            "kuemmerer_resident_ids": {"fields": {"birthdate": {}, "reach_note": {}}}
        }
        self.assertEqual(partner.web_read(spec)[0]["kuemmerer_resident_ids"], [])
        for fname in (
            "birthdate",
            "lives_alone",
            "mobility",
            "reach_note",
            "attention_level",
            "attention_reason",
        ):
            self.assertNotIn(fname, self.env["res.partner"]._fields)
        # the own Kümmerer reads it
        self.assertEqual(
            self.file_a.with_user(self.user_kuemmerer).reach_note, "klingelt zweimal"
        )

    def test_need_counts_reveal_nothing(self):
        self.assertEqual(
            self.resident_a.with_user(self.user_kuemmerer).open_need_count, 1
        )
        self.assertEqual(
            self.resident_a.with_user(self.user_kuemmerer_b).open_need_count, 0
        )
        with self.assertRaises(AccessError):
            self.resident_a.with_user(self.user_staff).read(["open_need_count"])
        # staff know who is cared for, and nothing else
        self.assertTrue(self.resident_a.with_user(self.user_staff).is_cared_for)
        self.assertIn(
            self.resident_a,
            self.env["res.partner"]
            .with_user(self.user_staff)
            .search([("is_cared_for", "=", True)]),
        )

    # ------------------------------------------------------------
    # 3. staff and the side doors of their hints
    # ------------------------------------------------------------

    def _hint(self):
        wizard = Form(self.env["kuemmerer.hint.wizard"].with_user(self.user_staff))
        wizard.partner_id = self.resident_a
        wizard.category_id = self.category
        wizard.text = "Briefkasten quillt über"
        wizard.save().action_confirm()
        return self.env["kuemmerer.need"].search(
            [("reported_by_id", "=", self.user_staff.id)]
        )

    def test_staff_find_no_side_door(self):
        need = self._hint()
        attachment = self.env["ir.attachment"].create(
            {
                "name": "arztbrief.txt",
                "res_model": "kuemmerer.need",
                "res_id": need.id,
                "datas": base64.b64encode(b"Diagnose: vertraulich"),
            }
        )
        need.with_user(self.user_kuemmerer).message_post(
            body="Vertrauliche Notiz zur Diagnose",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        staff = self.user_staff
        with self.assertRaises(AccessError):
            attachment.with_user(staff).read(["datas"])
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(staff)
            .search([("res_model", "=", "kuemmerer.need")])
        )
        self.assertFalse(
            self.env["mail.message"]
            .with_user(staff)
            .search([("model", "=", "kuemmerer.need"), ("res_id", "=", need.id)])
        )
        self.assertFalse(
            self.env["mail.message"]
            .with_user(staff)
            .search([("body", "ilike", "Diagnose")])
        )
        self.assertFalse(
            self.env["mail.activity"]
            .with_user(staff)
            .search([("res_model", "=", "kuemmerer.need")])
        )
        # they cannot follow the need, so no note reaches them
        self.assertFalse(
            need.with_user(staff).message_subscribe(partner_ids=staff.partner_id.ids)
        )
        self.assertNotIn(staff.partner_id, need.message_partner_ids)
        need.message_subscribe(
            partner_ids=staff.partner_id.ids
        )  # even when someone adds them
        self.assertNotIn(staff.partner_id, need.message_partner_ids)
        self.assertFalse(
            self.env["mail.notification"].search(
                [("res_partner_id", "=", staff.partner_id.id)]
            )
        )

    def test_follower_who_lost_access_is_not_notified(self):
        """A follower from earlier (e.g. the Kümmerer before a move) gets no
        more notes once the resident belongs to another quarter."""
        self.need_a.message_subscribe(partner_ids=self.user_kuemmerer.partner_id.ids)
        self.resident_a.with_user(self.user_manager).write(
            {"quarter_id": self.quarter_b.id}
        )
        self.need_a.write({"user_id": self.user_kuemmerer_b.id})
        self.need_a.with_user(self.user_kuemmerer_b).message_post(
            body="Neue vertrauliche Notiz",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("res_partner_id", "=", self.user_kuemmerer.partner_id.id),
                    ("mail_message_id.body", "ilike", "Neue vertrauliche"),
                ]
            )
        )

    # ------------------------------------------------------------
    # 4. casework only for one's own residents
    # ------------------------------------------------------------

    def test_no_casework_outside_own_quarters(self):
        user = self.user_kuemmerer_b
        resident = self.resident_a.id
        for model, vals in (
            (
                "kuemmerer.need",
                {
                    "partner_id": resident,
                    "category_id": self.category.id,
                    "user_id": user.id,
                },
            ),
            (
                "kuemmerer.contact",
                {"partner_id": resident, "channel": "phone", "user_id": user.id},
            ),
            ("kuemmerer.visit", {"partner_id": resident, "user_id": user.id}),
            ("kuemmerer.consent", {"partner_id": resident, "purpose": "photos"}),
            (
                "kuemmerer.trusted.person",
                {"partner_id": resident, "person_id": self.volunteer_partner.id},
            ),
        ):
            with (
                self.subTest(model=model),
                self.assertRaisesMessage(
                    UserError, "not one of the residents you look after"
                ),
            ):
                self.env[model].with_user(user).create(vals)
            self.assertFalse(
                self.env[model].search(
                    [("partner_id", "=", resident), ("create_uid", "=", user.id)]
                )
            )
        # nor by moving an own record over to the resident
        own = (
            self.env["kuemmerer.contact"]
            .with_user(user)
            .create({"partner_id": self.resident_b.id, "channel": "phone"})
        )
        with self.assertRaises(UserError):
            own.write({"partner_id": resident})
        # nor by linking an own contact to a foreign need
        with self.assertRaises(ValidationError):
            own.write({"need_id": self.need_a.id})

    def test_visit_never_writes_into_a_hidden_need(self):
        """A home visit goes only to a Kümmerer who looks after the resident:
        finishing it records into the resident's needs."""
        with self.assertRaisesMessage(UserError, "does not look after"):
            self.env["kuemmerer.visit"].with_user(self.user_manager).create(
                {"partner_id": self.resident_a.id, "user_id": self.user_kuemmerer_b.id}
            )
        checklist = self.env["kuemmerer.checklist"].create(
            {
                "name": "Kurz",
                "question_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Einsam?",
                            "category_id": self.category.id,
                            "trigger_answer": "yes",
                        },
                    )
                ],
            }
        )
        # an old assignment (made before the rule, as superuser) cannot be finished
        visit = self.env["kuemmerer.visit"].create(
            {
                "partner_id": self.resident_a.id,
                "user_id": self.user_kuemmerer_b.id,
                "checklist_id": checklist.id,
            }
        )
        visit.answer_ids.write({"answer": "yes"})
        with self.assertRaisesMessage(
            UserError, "not one of the residents you look after"
        ):
            visit.with_user(self.user_kuemmerer_b).action_done()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(
            self.need_a.message_ids.filtered(
                lambda m: "home visit" in str(m.body).lower()
            )
        )
        self.assertEqual(
            self.env["kuemmerer.need"].search_count(
                [("partner_id", "=", self.resident_a.id)]
            ),
            1,
        )

    # ------------------------------------------------------------
    # 6. grouping by sensitive texts
    # ------------------------------------------------------------

    def test_grouping_by_sensitive_text_refused(self):
        for user in (self.user_kuemmerer, self.user_manager):
            Need = self.env["kuemmerer.need"].with_user(user)
            with self.assertRaisesMessage(UserError, "cannot be grouped"):
                Need.read_group([], ["description"], ["description"])
            with self.assertRaisesMessage(UserError, "cannot be grouped"):
                Need.read_group([], ["description:count_distinct"], ["category_id"])
            with self.assertRaisesMessage(UserError, "cannot be grouped"):
                self.env["kuemmerer.contact"].with_user(user).web_read_group(
                    [], ["summary"], ["summary"]
                )
        # ordinary grouping still works
        self.assertTrue(
            self.env["kuemmerer.need"]
            .with_user(self.user_kuemmerer)
            .read_group([], ["state"], ["state"])
        )

    # ------------------------------------------------------------
    # 7. bad input never reaches PostgreSQL
    # ------------------------------------------------------------

    def test_huge_values_get_a_clear_message(self):
        huge = "x" * (1024 * 1024)
        for model, record_or_vals, fname in (
            ("res.partner", self.resident_a, "tenant_number"),
            ("kuemmerer.quarter", self.quarter_a, "code"),
            ("kuemmerer.skill", {"name": "Vorlesen"}, "name"),
            ("kuemmerer.need.category", {"name": "Neu", "code": "neu"}, "code"),
            ("kuemmerer.service.type", {"name": "Dienst"}, "name"),
        ):
            with self.subTest(model=model):
                if isinstance(record_or_vals, dict):
                    with self.assertRaisesMessage(ValidationError, "too long"):
                        self.env[model].with_user(self.user_manager).create(
                            {**record_or_vals, fname: huge}
                        )
                    self.assertFalse(
                        self.env[model].search([(fname, "=", huge[:100] + "%")])
                    )
                else:
                    before = record_or_vals[fname]
                    with self.assertRaisesMessage(ValidationError, "too long"):
                        record_or_vals.with_user(self.user_manager).write({fname: huge})
                    self.assertEqual(record_or_vals[fname], before)
        with self.assertRaisesMessage(ValidationError, "too long"):
            self.env["res.partner"].with_user(self.user_manager).create({"name": huge})

    def test_negative_hours_refused(self):
        shift = self.env["kuemmerer.shift"].create(
            {
                "name": "Café",
                "quarter_id": self.quarter_a.id,
                "state": "published",
                "date_begin": "2030-03-04 14:00:00",
                "date_end": "2030-03-04 16:00:00",
            }
        )
        registration = self.env["kuemmerer.shift.registration"].create(
            {"shift_id": shift.id, "partner_id": self.volunteer_partner.id}
        )
        for hours in (-2.0, 1000.0):
            with (
                self.subTest(hours=hours),
                self.assertRaisesMessage(ValidationError, "between 0 and 24"),
            ):
                registration.with_user(self.user_kuemmerer).write({"hours": hours})
        self.assertEqual(registration.hours, 2.0)
