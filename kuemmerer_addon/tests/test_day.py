# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""'Mein Tag' (kuemmerer.day): what the Kümmerer's start page lists, in which
order, and for whom; the landing page of each role (the app's root action and
the users' home action)."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KuemmererCommon

TODAY = "2026-03-10"
M2O = {"fields": {"display_name": {}}}
# what the form of "Mein Tag" reads (views/kuemmerer_day_views.xml)
DAY_SPEC = {
    "date_label": {},
    "step_count": {},
    "resident_count": {},
    "resident_more": {},
    "visit_count": {},
    "hint_count": {},
    "step_ids": {
        "fields": {
            "name": {},
            "partner_id": M2O,
            "date_deadline": {},
            "is_overdue": {},
            "step_type": {},
        }
    },
    "resident_ids": {
        "fields": {
            "name": {},
            "street": {},
            "phone": {},
            "last_contact_date": {},
            "days_since_last_contact": {},
        }
    },
    "visit_ids": {"fields": {"date": {}, "partner_id": M2O, "checklist_id": M2O}},
    "hint_ids": {
        "fields": {
            "partner_id": M2O,
            "category_id": M2O,
            "date_detected": {},
            "reported_by_id": M2O,
        }
    },
}


@tagged("post_install", "-at_install")
@freeze_time(TODAY + " 09:00:00")
class TestDay(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.user_kuemmerer, cls.user_kuemmerer_b, cls.user_manager):
            user.tz = "Europe/Berlin"
        cls.category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        cls.template = cls.env["kuemmerer.help.chain.template"].create(
            {
                "name": "Ein Schritt",
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Anrufen",
                            "step_type": "contact_resident",
                        }
                    )
                ],
            }
        )
        cls.quarter_a.contact_interval_days = 0  # only the residents below are watched
        cls.quarter_b.contact_interval_days = 0
        with freeze_time(TODAY + " 09:00:00"):
            cls._build_day()

    @classmethod
    def _step(cls, name, deadline, user=None, resident=None):
        """The due step of a new need's chain, renamed and dated."""
        need = cls.env["kuemmerer.need"].create(
            {
                "partner_id": (resident or cls.resident_a).id,
                "category_id": cls.category.id,
                "user_id": (user or cls.user_kuemmerer).id,
            }
        )
        step = need.action_apply_chain_template(cls.template.id).step_ids
        step.write(
            {
                "name": name,
                "date_deadline": deadline,
                "user_id": (user or cls.user_kuemmerer).id,
            }
        )
        return step

    @classmethod
    def _watched(cls, name, last_contact_days=None, quarter=None, **values):
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "is_resident": True,
                "quarter_id": (quarter or cls.quarter_a).id,
                "contact_interval_use_quarter": False,
                "contact_interval_own_days": 14,
                **values,
            }
        )
        if last_contact_days is not None:
            cls.env["kuemmerer.contact"].create(
                {
                    "partner_id": partner.id,
                    "channel": "phone",
                    "date": datetime(2026, 3, 10, 8)
                    - timedelta(days=last_contact_days),
                }
            )
        return partner

    @classmethod
    def _visit(cls, partner, when, user=None):
        return (
            cls.env["kuemmerer.visit"]
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": (user or cls.user_kuemmerer).id,
                    "date": when,
                }
            )
        )

    @classmethod
    def _hint(cls, partner, user, **values):
        return cls.env["kuemmerer.need"].create(
            {
                "partner_id": partner.id,
                "category_id": cls.category.id,
                "source": "staff_hint",
                "user_id": user.id,
                "reported_by_id": cls.user_staff.id,
                **values,
            }
        )

    @classmethod
    def _build_day(cls):
        today = datetime(2026, 3, 10).date()
        # steps: overdue, due today, without a date, in the future, done, someone else's
        cls.step_without_date = cls._step("Ohne Datum", False)
        cls.step_today = cls._step("Heute fällig", today)
        cls.step_overdue = cls._step("Überfällig", today - timedelta(days=3))
        cls._step("Nächste Woche", today + timedelta(days=7))
        cls._step("Erledigt", today - timedelta(days=1)).action_done()
        cls.step_other = cls._step(
            "Anderer Kümmerer",
            today,
            user=cls.user_kuemmerer_b,
            resident=cls.resident_b,
        )
        # residents: never contacted, long and a bit overdue, recently contacted,
        # not watched, handed to a colleague, of the other quarter
        cls.never = cls._watched("Nie Kontaktiert")
        cls.long_overdue = cls._watched("Lange Her", last_contact_days=40)
        cls.bit_overdue = cls._watched("Etwas Her", last_contact_days=20)
        cls._watched("Gerade Erst", last_contact_days=2)
        cls._watched("Nicht Beobachtet", contact_interval_own_days=0)
        cls.handed_over = cls._watched(
            "Übergeben", kuemmerer_user_id=cls.user_kuemmerer_b.id
        )
        cls.other_quarter = cls._watched("Anderes Quartier", quarter=cls.quarter_b)
        # home visits (Berlin is UTC+1 in March): today 8:00 and 14:30, tomorrow,
        # yesterday, cancelled today, someone else's today
        cls.visit_late = cls._visit(cls.resident_a, datetime(2026, 3, 10, 13, 30))
        cls.visit_early = cls._visit(cls.never, datetime(2026, 3, 10, 7, 0))
        cls._visit(cls.resident_a, datetime(2026, 3, 11, 9, 0))
        cls._visit(cls.resident_a, datetime(2026, 3, 9, 9, 0))
        cls._visit(cls.long_overdue, datetime(2026, 3, 10, 10, 0)).action_cancel()
        cls._visit(
            cls.resident_b, datetime(2026, 3, 10, 10, 0), user=cls.user_kuemmerer_b
        )
        # hints: new ones assigned to them or (to the coordinator) of their
        # quarter; one already looked at, one of the other quarter, a need
        # that is no hint
        cls.hint_recent = cls._hint(
            cls.resident_a, cls.user_kuemmerer, date_detected="2026-03-09"
        )
        cls.hint_old = cls._hint(
            cls.bit_overdue, cls.user_kuemmerer, date_detected="2026-03-01"
        )
        cls.hint_quarter = cls._hint(
            cls.long_overdue, cls.user_manager, date_detected="2026-03-05"
        )
        cls._hint(cls.resident_a, cls.user_kuemmerer).action_assess()
        cls.hint_other = cls._hint(cls.resident_b, cls.user_kuemmerer_b)
        cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": cls.category.id,
                "user_id": cls.user_kuemmerer.id,
            }
        )

    def _day(self, user):
        Day = self.env["kuemmerer.day"].with_user(user)
        return Day.browse(Day.action_kuemmerer_open()["res_id"])

    # ------------------------------------------------------------
    # what appears, in which order
    # ------------------------------------------------------------

    def test_day_of_kuemmerer(self):
        day = self._day(self.user_kuemmerer)
        self.assertEqual(
            day.step_ids.mapped("name"),
            ["Überfällig", "Heute fällig", "Ohne Datum"],
            "due steps by due date, without a date last; not the future, done or "
            "others' steps",
        )
        self.assertEqual(
            day.resident_ids.mapped("name"),
            ["Nie Kontaktiert", "Lange Her", "Etwas Her"],
            "the most overdue first; not the ones handed to a colleague or of another "
            "quarter",
        )
        self.assertEqual(day.visit_ids, self.visit_early | self.visit_late)
        self.assertEqual(day.visit_ids.ids, [self.visit_early.id, self.visit_late.id])
        self.assertEqual(
            day.hint_ids.ids,
            [self.hint_old.id, self.hint_quarter.id, self.hint_recent.id],
            "new hints assigned to them or of their quarter, the longest waiting first",
        )
        self.assertEqual(
            (day.step_count, day.resident_count, day.visit_count, day.hint_count),
            (3, 3, 2, 3),
        )
        self.assertFalse(day.resident_more)
        self.assertEqual(day.date_label, "Tuesday, 10. March 2026")

    def test_day_of_colleague_shows_nothing_of_the_other_quarter(self):
        day = self._day(self.user_kuemmerer_b)
        self.assertEqual(day.step_ids, self.step_other)
        self.assertEqual(
            day.resident_ids.mapped("name"), ["Anderes Quartier", "Übergeben"]
        )
        self.assertEqual(day.visit_ids.partner_id, self.resident_b)
        self.assertEqual(day.hint_ids, self.hint_other)

    def test_day_of_coordinator_is_their_own(self):
        """Coordinators may read every quarter; their day still lists only
        what is theirs."""
        day = self._day(self.user_manager)
        self.assertFalse(day.step_ids or day.resident_ids or day.visit_ids)
        self.assertEqual(
            day.hint_ids, self.hint_quarter, "only the hint assigned to them"
        )
        self.quarter_a.user_ids = [Command.link(self.user_manager.id)]
        day.invalidate_recordset()
        self.assertEqual(
            day.resident_ids.mapped("name"),
            ["Nie Kontaktiert", "Lange Her", "Etwas Her"],
        )
        self.assertEqual(
            day.hint_ids, self.hint_recent | self.hint_old | self.hint_quarter
        )

    def test_overdue_contacts_shown_and_counted(self):
        for index in range(12):
            self._watched("Zusatz %02d" % index)
        day = self._day(self.user_kuemmerer)
        self.assertEqual(len(day.resident_ids), 10)
        self.assertEqual(day.resident_count, 15)
        self.assertTrue(day.resident_more)
        action = day.action_view_overdue_contacts()
        self.assertEqual(action["res_model"], "kuemmerer.resident")
        self.assertTrue(action["context"]["search_default_contact_overdue"])

    def test_local_day(self):
        """Today is the user's day: after 23:00 UTC it is tomorrow in Berlin."""
        late = self._visit(
            self.resident_a, datetime(2026, 3, 10, 23, 30)
        )  # 0:30 on the 11th in Berlin
        with freeze_time("2026-03-10 23:15:00"):
            day = self._day(self.user_kuemmerer)
            self.assertIn(late, day.visit_ids)
            self.assertNotIn(self.visit_early, day.visit_ids)
            self.assertEqual(day.date_label, "Wednesday, 11. March 2026")

    def test_visit_done_leaves_the_day(self):
        day = self._day(self.user_kuemmerer)
        self.assertIn(self.visit_early, day.visit_ids)
        self.visit_early.action_cancel()
        day.invalidate_recordset()
        self.assertNotIn(self.visit_early, day.visit_ids)

    # ------------------------------------------------------------
    # one page per user
    # ------------------------------------------------------------

    def test_one_page_per_user_and_only_ones_own(self):
        Day = self.env["kuemmerer.day"]
        first = Day.with_user(self.user_kuemmerer).action_kuemmerer_open()
        again = Day.with_user(self.user_kuemmerer).action_kuemmerer_open()
        self.assertEqual(first["res_id"], again["res_id"])
        other = self._day(self.user_kuemmerer_b)
        self.assertNotEqual(other.id, first["res_id"])
        with self.assertRaises(AccessError):
            Day.with_user(self.user_kuemmerer).browse(other.id).read(["step_ids"])
        with self.assertRaises(AccessError):
            Day.with_user(self.user_manager).browse(other.id).read(["step_ids"])
        with self.assertRaises(AccessError):
            Day.with_user(self.user_staff).action_kuemmerer_open()

    def test_query_budget(self):
        """The page reads its four lists with a fixed number of queries,
        whatever the number of items (no query per card)."""
        day = self._day(self.user_kuemmerer)

        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            day.web_read(DAY_SPEC)
            return self.env.cr.sql_log_count - start

        count()  # warm the ormcaches (access rights, rules, groups)
        few = count()
        today = datetime(2026, 3, 10).date()
        for index in range(6):
            self._step(f"Mehr {index}", today)
            self._watched(f"Mehr {index}", last_contact_days=30)
            self._visit(self.resident_a, datetime(2026, 3, 10, 10, index))
            self._hint(self.resident_a, self.user_kuemmerer)
        many = count()
        self.assertEqual(few, many, "queries grow with the number of items")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            day.web_read(DAY_SPEC)


@tagged("post_install", "-at_install")
class TestLanding(KuemmererCommon):
    """Each role lands where its work is: through the app's root menu and
    after login (the home action)."""

    def _run_landing(self, user):
        landing = self.env.ref("kuemmerer_addon.kuemmerer_action_landing")
        return landing.with_user(user).run()

    def test_root_menu_opens_the_landing(self):
        landing = self.env.ref("kuemmerer_addon.kuemmerer_action_landing")
        self.assertEqual(
            self.env.ref("kuemmerer_addon.kuemmerer_menu_root").action, landing
        )

    def test_landing_per_role(self):
        landing = self.env.ref("kuemmerer_addon.kuemmerer_action_landing")
        coordinator = self._run_landing(self.user_manager)
        self.assertEqual(coordinator["res_model"], "kuemmerer.dashboard")
        self.assertTrue(coordinator["res_id"])
        kuemmerer = self._run_landing(self.user_kuemmerer)
        self.assertEqual(kuemmerer["res_model"], "kuemmerer.day")
        self.assertEqual(
            self.env["kuemmerer.day"].browse(kuemmerer["res_id"]).user_id,
            self.user_kuemmerer,
        )
        staff = self._run_landing(self.user_staff)
        self.assertEqual(staff["res_model"], "kuemmerer.hint")
        self.assertEqual(staff["domain"], "[('reported_by_id', '=', uid)]")
        # the web client finds the app by the action's id and path
        for action in (coordinator, kuemmerer, staff):
            self.assertEqual((action["id"], action["path"]), (landing.id, "kuemmerer"))
        with self.assertRaises(AccessError):
            self._run_landing(self.user_internal)

    def test_staff_landing_offers_reporting_a_hint(self):
        arch = self.env["kuemmerer.hint"].get_views([(False, "list")])["views"]["list"][
            "arch"
        ]
        wizard_action = self.env.ref("kuemmerer_addon.kuemmerer_hint_wizard_action")
        self.assertIn(f'name="{wizard_action.id}"', arch)
        self.assertIn('display="always"', arch)

    def test_home_action_of_new_users(self):
        landing = self.env.ref("kuemmerer_addon.kuemmerer_action_landing")
        for user in (self.user_manager, self.user_kuemmerer, self.user_staff):
            self.assertEqual(user.action_id.id, landing.id, user.login)
        self.assertFalse(
            self.user_internal.action_id,
            "users without a role of the app keep Odoo's default",
        )
        self.assertFalse(self.user_portal.action_id)

    def test_home_action_follows_the_role(self):
        landing = self.env.ref("kuemmerer_addon.kuemmerer_action_landing")
        staff = self.env.ref("kuemmerer_addon.group_kuemmerer_staff")
        user = self.user_internal
        user.groups_id = [Command.link(staff.id)]
        self.assertEqual(
            user.action_id.id, landing.id, "given a role: lands in the app"
        )
        user.groups_id = [Command.unlink(staff.id)]
        self.assertFalse(
            user.action_id,
            "the role taken back: so is the landing (it would be refused)",
        )

    def test_home_action_chosen_is_kept(self):
        own = self.env.ref("base.action_res_users")
        user = new_test_user(
            self.env,
            login="k_chosen",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_user",
            action_id=own.id,
        )
        self.assertEqual(user.action_id.id, own.id)
        staff = self.env.ref("kuemmerer_addon.group_kuemmerer_staff")
        user.groups_id = [
            Command.unlink(self.env.ref("kuemmerer_addon.group_kuemmerer_user").id)
        ]
        user.groups_id = [Command.unlink(staff.id)]
        self.assertEqual(user.action_id.id, own.id, "not ours: left alone")

    def test_administrators_keep_the_default(self):
        admin = new_test_user(
            self.env,
            login="k_admin",
            groups="base.group_system,kuemmerer_addon.group_kuemmerer_manager",
        )
        self.assertFalse(admin.action_id)

    def test_user_form_groups(self):
        """The user form writes the roles as reified group fields."""
        user = self.user_internal
        field = next(
            name
            for name in user.fields_get()
            if name.startswith("sel_groups_")
            and self.env.ref("kuemmerer_addon.group_kuemmerer_user").id
            in map(int, name[11:].split("_"))
        )
        user.write({field: self.env.ref("kuemmerer_addon.group_kuemmerer_user").id})
        self.assertEqual(
            user.action_id.id,
            self.env.ref("kuemmerer_addon.kuemmerer_action_landing").id,
        )
