# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 12:00:00")
class TestHomeVisit(KuemmererCommon):
    """Preventive home visits: checklist, calendar, needs, due residents, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checklist = cls.env.ref("kuemmerer_addon.checklist_home_visit")
        cls.Visit = cls.env["kuemmerer.visit"].with_user(cls.user_kuemmerer)
        cls.category = {
            code: cls.env.ref(f"kuemmerer_addon.need_category_{code}")
            for code in (
                "loneliness",
                "care_health",
                "finances_authorities",
                "housing_accessibility",
            )
        }

    def _question(self, key):
        return self.env.ref(f"kuemmerer_addon.checklist_question_{key}")

    def _visit(self, partner=None, **values):
        return self.Visit.create(
            {
                "partner_id": (partner or self.resident_a).id,
                "date": "2026-06-15 08:00:00",
                "checklist_id": self.checklist.id,
                **values,
            }
        )

    def _answer_all(self, visit, triggered=()):
        """Answer every question so that only the ``triggered`` keys point to a need."""
        triggered_questions = self.env["kuemmerer.checklist.question"].browse(
            [self._question(key).id for key in triggered]
        )
        for answer in visit.answer_ids:
            question = answer.question_id
            if question in triggered_questions:
                answer.answer = question.trigger_answer
            else:
                answer.answer = "no" if question.trigger_answer == "yes" else "yes"

    def test_default_checklist(self):
        questions = self.checklist.question_ids
        self.assertGreaterEqual(len(questions), 12)
        self.assertTrue(all(questions.mapped("category_id")))
        for key, category in (
            ("lives_alone", "loneliness"),
            ("falls", "care_health"),
            ("mail", "finances_authorities"),
            ("stairs_bath", "housing_accessibility"),
        ):
            self.assertEqual(self._question(key).category_id, self.category[category])
            self.assertEqual(self._question(key).trigger_answer, "yes")
        self.assertEqual(
            self._question("lives_alone").name, "Lebt allein und hat selten Besuch"
        )
        self.assertEqual(
            self._question("stairs_bath").name, "Treppen oder Bad sind ein Hindernis"
        )

    def test_visit_in_calendar(self):
        visit = self._visit()
        self.assertEqual(len(visit.answer_ids), len(self.checklist.question_ids))
        self.assertFalse(visit.answer_ids.filtered("answer"))
        event = visit.calendar_event_id
        self.assertEqual(event.name, "Home visit")
        self.assertEqual(event.privacy, "private")
        self.assertEqual(event.user_id, self.user_kuemmerer)
        self.assertEqual(
            event.partner_ids, self.user_kuemmerer.partner_id | self.resident_a
        )
        self.assertEqual(str(event.start), "2026-06-15 08:00:00")
        # other internal users see a busy slot, not who is visited
        self.env.invalidate_all()
        other = (
            self.env["calendar.event"].with_user(self.user_internal).browse(event.id)
        )
        self.assertTrue(other._check_private_event_conditions())
        self.assertNotIn("Anna", other.display_name)
        self.assertFalse(other.partner_ids)
        # a resident without e-mail is not an attendee
        visit_b = (
            self.env["kuemmerer.visit"]
            .with_user(self.user_kuemmerer_b)
            .create({"partner_id": self.resident_b.id, "date": "2026-06-16 08:00:00"})
        )
        self.assertEqual(
            visit_b.calendar_event_id.partner_ids, self.user_kuemmerer_b.partner_id
        )
        # moved: the calendar follows
        visit.date = "2026-06-15 13:00:00"
        self.assertEqual(str(event.start), "2026-06-15 13:00:00")
        # cancelled: the calendar entry is archived
        visit.action_cancel()
        self.assertFalse(event.active)
        # deleted: the calendar entry goes too
        event_b = visit_b.calendar_event_id
        visit_b.sudo().unlink()  # as an administrator
        self.assertFalse(event_b.exists())

    def test_finish_refuses_unanswered_questions(self):
        visit = self._visit()
        self._answer_all(visit, triggered=("falls",))
        visit.answer_ids[-1].answer = False
        with self.assertRaisesMessage(
            UserError, "1 questions of the checklist are not answered"
        ):
            visit.action_done()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(
            self.env["kuemmerer.contact"].search(
                [("partner_id", "=", self.resident_a.id)]
            )
        )
        self.assertFalse(
            self.env["kuemmerer.need"].search([("partner_id", "=", self.resident_a.id)])
        )
        self.assertFalse(visit.next_visit_date)

    def test_finish_refuses_future_visit(self):
        visit = self._visit(date="2026-06-20 08:00:00")
        self._answer_all(visit)
        with self.assertRaisesMessage(UserError, "planned for 06/20/2026"):
            visit.action_done()
        self.assertEqual(visit.state, "planned")

    def test_finish_records_contact_needs_and_next_visit(self):
        existing = (
            self.env["kuemmerer.need"]
            .with_user(self.user_kuemmerer)
            .create(
                {
                    "partner_id": self.resident_a.id,
                    "category_id": self.category["care_health"].id,
                }
            )
        )
        visit = self._visit(note="Frau Althaus freut sich über Besuch.")
        self._answer_all(
            visit, triggered=("lives_alone", "trusted_person", "falls", "mail")
        )
        visit.answer_ids.filtered(
            lambda a: a.question_id == self._question("falls")
        ).note = "Zweimal im Bad"
        visit.action_done()
        self.assertEqual(visit.state, "done")
        # contact log
        self.assertEqual(visit.contact_id.channel, "visit")
        self.assertEqual(visit.contact_id.user_id, self.user_kuemmerer)
        self.assertEqual(self.resident_a.last_contact_date, date(2026, 6, 15))
        # one need per category; the open need of a category gets a note instead
        needs = self.env["kuemmerer.need"].search(
            [("partner_id", "=", self.resident_a.id)]
        )
        self.assertEqual(
            needs.category_id,
            self.category["loneliness"]
            | self.category["care_health"]
            | self.category["finances_authorities"],
        )
        self.assertEqual(len(needs), 3)
        loneliness = needs.filtered(
            lambda n: n.category_id == self.category["loneliness"]
        )
        self.assertEqual(loneliness.source, "home_visit")
        self.assertEqual(loneliness.user_id, self.user_kuemmerer)
        self.assertEqual(loneliness.date_detected, date(2026, 6, 15))
        self.assertIn("Lebt allein und hat selten Besuch: Yes", loneliness.description)
        self.assertIn(
            "Hat niemanden, der im Notfall hilft: Yes", loneliness.description
        )
        note = existing.message_ids.filtered(
            lambda m: "Stürze in den letzten sechs Monaten" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Zweimal im Bad", note.body)
        self.assertEqual(visit.need_ids, needs)
        # the next visit, after the quarter's interval (default one year)
        self.assertEqual(visit.next_visit_date, date(2027, 6, 15))
        self.assertEqual(self._file(self.resident_a).next_visit_date, date(2027, 6, 15))
        self.assertEqual(self._file(self.resident_a).last_visit_date, date(2026, 6, 15))
        # answers of a finished visit stay as they were
        with self.assertRaisesMessage(UserError, "can no longer be changed"):
            visit.answer_ids[0].answer = "na"
        with self.assertRaisesMessage(
            UserError, "Only planned home visits can be finished"
        ):
            visit.action_done()

    def test_second_visit_adds_no_duplicate(self):
        first = self._visit()
        self._answer_all(first, triggered=("lives_alone", "stairs_bath"))
        first.action_done()
        with freeze_time("2026-09-01 12:00:00"):
            second = self._visit(date="2026-09-01 08:00:00")
            self._answer_all(
                second, triggered=("lives_alone", "stairs_bath", "trusted_person")
            )
            second.action_done()
        needs = self.env["kuemmerer.need"].search(
            [("partner_id", "=", self.resident_a.id)]
        )
        self.assertEqual(len(needs), 2)
        self.assertEqual(second.need_ids, needs)
        loneliness = needs.filtered(
            lambda n: n.category_id == self.category["loneliness"]
        )
        self.assertTrue(
            loneliness.message_ids.filtered(
                lambda m: "Preventive home visit on 09/01/2026" in (m.body or "")
            )
        )
        # a resolved need does not stop a new one
        loneliness.action_resolve()
        with freeze_time("2026-10-01 12:00:00"):
            third = self._visit(date="2026-10-01 08:00:00")
            self._answer_all(third, triggered=("lives_alone",))
            third.action_done()
        self.assertEqual(
            self.env["kuemmerer.need"].search_count(
                [
                    ("partner_id", "=", self.resident_a.id),
                    ("category_id", "=", self.category["loneliness"].id),
                ]
            ),
            2,
        )

    def test_next_visit_interval_and_plan_next(self):
        self.quarter_a.visit_interval_months = 6
        visit = self._visit()
        self._answer_all(visit)
        visit.action_done()
        self.assertFalse(visit.need_ids)
        self.assertEqual(visit.next_visit_date, date(2026, 12, 15))
        action = visit.action_plan_next_visit()
        follow_up = self.env["kuemmerer.visit"].browse(action["res_id"])
        self.assertEqual(follow_up.state, "planned")
        self.assertEqual(str(follow_up.date), "2026-12-15 08:00:00")
        self.assertEqual(follow_up.checklist_id, self.checklist)
        self.assertEqual(
            self._file(self.resident_a).next_visit_date, date(2026, 12, 15)
        )
        # asked again: the planned one is opened, no second is planned
        self.assertEqual(visit.action_plan_next_visit()["res_id"], follow_up.id)

    def test_due_for_a_visit(self):
        Resident = self.env["kuemmerer.resident"].with_user(self.user_kuemmerer)
        common = {"is_resident": True, "quarter_id": self.quarter_a.id}
        old = self.env["kuemmerer.resident"].create(
            {**common, "name": "Olga Alt", "birthdate": "1940-01-01"}
        )
        young = self.env["kuemmerer.resident"].create(
            {**common, "name": "Jana Jung", "birthdate": "1990-01-01"}
        )
        attention = self.env["kuemmerer.resident"].create(
            {
                **common,
                "name": "Alfred Achtung",
                "birthdate": "1970-01-01",
                "lives_alone": True,
                "contact_interval_days": 30,  # never contacted: overdue
            }
        )
        self.assertEqual(attention.attention_level, 2)
        due = Resident.search([("visit_due", "=", True)])
        self.assertIn(old, due)
        self.assertIn(attention, due)
        self.assertNotIn(young, due)
        self.assertTrue(old.with_user(self.user_kuemmerer).visit_due)
        self.assertFalse(young.with_user(self.user_kuemmerer).visit_due)
        self.assertIn(young, Resident.search([("visit_due", "=", False)]))
        # visited: no longer due for the visit interval
        visit = self._visit(partner=old.partner_id)
        self._answer_all(visit)
        visit.action_done()
        self.assertNotIn(old, Resident.search([("visit_due", "=", True)]))
        with freeze_time("2027-06-16 12:00:00"):
            self.assertIn(old, Resident.search([("visit_due", "=", True)]))
        # the age is configured per quarter
        self.quarter_a.visit_min_age = 30
        self.assertIn(young, Resident.search([("visit_due", "=", True)]))
        # the Kümmerer of another quarter finds none of them
        self.assertFalse(
            self.env["kuemmerer.resident"]
            .with_user(self.user_kuemmerer_b)
            .search([("visit_due", "=", True)])
            & (old | young | attention)
        )

    # ------------------------------------------------------------
    # access
    # ------------------------------------------------------------

    def test_access(self):
        visit_a = self._visit(note="Vertraulich A")
        self._answer_all(visit_a)
        visit_b = (
            self.env["kuemmerer.visit"]
            .with_user(self.user_kuemmerer_b)
            .create(
                {
                    "partner_id": self.resident_b.id,
                    "date": "2026-06-16 08:00:00",
                    "note": "Vertraulich B",
                }
            )
        )
        # Kümmerer of quarter B sees nothing of quarter A
        Visit_b = self.env["kuemmerer.visit"].with_user(self.user_kuemmerer_b)
        self.assertEqual(Visit_b.search([]), visit_b)
        with self.assertRaises(AccessError):
            visit_a.with_user(self.user_kuemmerer_b).read(["note"])
        self.assertFalse(
            self.env["kuemmerer.visit.answer"]
            .with_user(self.user_kuemmerer_b)
            .search([("visit_id", "=", visit_a.id)])
        )
        with self.assertRaises(AccessError):
            visit_a.answer_ids.with_user(self.user_kuemmerer_b).read(["answer"])
        # staff: nothing at all
        for model in ("kuemmerer.visit", "kuemmerer.visit.answer"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user_staff).search([])
        with self.assertRaises(AccessError):
            visit_a.answer_ids.with_user(self.user_staff).read(["answer"])
        with self.assertRaises(AccessError):
            self.env["kuemmerer.resident"].with_user(self.user_staff).search_read(
                [], ["last_visit_date"]
            )
        # a visit goes only to a Kümmerer who looks after the resident ...
        with self.assertRaisesMessage(UserError, "does not look after"):
            visit_b.user_id = self.user_kuemmerer
        # ... but what is assigned to a Kümmerer (from before) is theirs to see
        visit_b.sudo().user_id = self.user_kuemmerer
        self.assertEqual(self.Visit.search([]), visit_a | visit_b)
        # the coordinator sees all, answers included
        Visit_m = self.env["kuemmerer.visit"].with_user(self.user_manager)
        self.assertEqual(Visit_m.search([]), visit_a | visit_b)
        self.assertTrue(visit_a.with_user(self.user_manager).answer_ids[0].answer)
        # sensitive fields declare their group
        for model, field in (
            ("kuemmerer.visit", "note"),
            ("kuemmerer.visit.answer", "answer"),
            ("kuemmerer.visit.answer", "note"),
        ):
            self.assertEqual(
                self.env[model]._fields[field].groups,
                "kuemmerer_addon.group_kuemmerer_user",
            )
