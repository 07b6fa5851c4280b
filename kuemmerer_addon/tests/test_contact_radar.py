# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestContactRadar(KuemmererCommon):
    """Contact intervals, the daily radar and the attention level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref(
            "kuemmerer_addon.mail_activity_type_contact_radar"
        )
        cls.quarter_a.contact_interval_days = 30
        cls.resident_a.contact_interval_days = (
            0  # not watched: the tests' own residents are
        )
        cls.Partner = cls.env["res.partner"]

    def _resident(self, name, quarter=None, **values):
        care = {
            key: values.pop(key)
            for key in list(values)
            if key in ("lives_alone", "birthdate")
        }
        partner = self.Partner.create(
            {
                "name": name,
                "is_resident": True,
                "quarter_id": (quarter or self.quarter_a).id,
                **values,
            }
        )
        if care:
            self._file(partner).write(care)
        return partner

    def _contact(self, partner, date):
        return self.env["kuemmerer.contact"].create(
            {"partner_id": partner.id, "date": date, "channel": "phone"}
        )

    def _radar_activities(self, partners=None):
        domain = [
            ("res_model", "=", "res.partner"),
            ("activity_type_id", "=", self.activity_type.id),
        ]
        if partners is not None:
            domain.append(("res_id", "in", partners.ids))
        return self.env["mail.activity"].search(domain)

    def _run_radar(self, **kwargs):
        self.env["kuemmerer.radar"]._cron_contact_radar(**kwargs)
        self.env.invalidate_all()

    # ------------------------------------------------------------
    # intervals
    # ------------------------------------------------------------

    def test_interval_from_quarter_or_own(self):
        resident = self._resident("Ida Intervall")
        self.assertTrue(resident.contact_interval_use_quarter)
        self.assertEqual(resident.contact_interval_days, 30)
        self.quarter_a.contact_interval_days = 14
        self.assertEqual(resident.contact_interval_days, 14)
        # an own interval overrides the quarter's
        resident.write(
            {"contact_interval_use_quarter": False, "contact_interval_own_days": 7}
        )
        self.assertEqual(resident.contact_interval_days, 7)
        self.quarter_a.contact_interval_days = 60
        self.assertEqual(resident.contact_interval_days, 7)
        # writing the interval itself sets the own one (imports, RPC)
        resident.contact_interval_days = 0
        self.assertFalse(resident.contact_interval_use_quarter)
        self.assertEqual(resident.contact_interval_days, 0)
        resident.contact_interval_use_quarter = True
        self.assertEqual(resident.contact_interval_days, 60)
        # created with an interval: own
        own = self._resident("Otto Eigen", contact_interval_days=21)
        self.assertFalse(own.contact_interval_use_quarter)
        self.assertEqual(own.contact_interval_days, 21)
        # only residents follow the quarter's default
        volunteer = self.Partner.create(
            {
                "name": "Vera Helfer",
                "is_volunteer": True,
                "quarter_id": self.quarter_a.id,
            }
        )
        self.assertEqual(volunteer.contact_interval_days, 0)

    def test_negative_intervals_refused(self):
        resident = self._resident("Nora Negativ")
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            resident.write(
                {"contact_interval_use_quarter": False, "contact_interval_own_days": -5}
            )
        self.assertTrue(resident.contact_interval_use_quarter)
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self.quarter_a.contact_interval_days = -1
        self.assertEqual(self.quarter_a.contact_interval_days, 30)
        self.assertEqual(resident.contact_interval_days, 30)

    # ------------------------------------------------------------
    # radar
    # ------------------------------------------------------------

    @freeze_time("2026-03-01 06:00:00")
    def test_radar_one_activity_per_overdue_resident(self):
        never = self._resident("Nie Kontakt")
        recent = self._resident("Frisch Besucht")
        self._contact(recent, "2026-02-20 10:00:00")
        not_watched = self._resident("Ohne Intervall", contact_interval_days=0)
        quarter_b_resident = self._resident("Berta Zwei", quarter=self.quarter_b)
        own_kuemmerer = self._resident(
            "Eigene Betreuung", kuemmerer_user_id=self.user_kuemmerer_b.id
        )

        self._run_radar()
        activities = self._radar_activities()
        self.assertEqual(set(activities.mapped("res_id")), {never.id, own_kuemmerer.id})
        by_partner = {a.res_id: a for a in activities}
        self.assertEqual(by_partner[never.id].user_id, self.user_kuemmerer)
        self.assertEqual(by_partner[own_kuemmerer.id].user_id, self.user_kuemmerer_b)
        # nothing about the resident's situation in what every internal user can read
        self.assertEqual(by_partner[never.id].summary, "Kontakt aufnehmen")
        self.assertFalse(by_partner[never.id].note)
        self.assertEqual(never.kuemmerer_radar_activity_id, by_partner[never.id])
        self.assertFalse(
            self._radar_activities(recent | not_watched | quarter_b_resident)
        )

        # idempotent: a second run schedules nothing more
        self._run_radar()
        self.assertEqual(self._radar_activities(), activities)

        # done: when still overdue the next run schedules a new one
        by_partner[never.id].action_feedback(feedback="Nicht erreicht")
        self.assertFalse(never.kuemmerer_radar_activity_id)
        self._run_radar()
        self.assertEqual(len(self._radar_activities(never)), 1)

        # three weeks later the recent contact is overdue too (20.02. + 30 days)
        with freeze_time("2026-03-25 06:00:00"):
            self._run_radar()
            self._run_radar()
            self.assertEqual(len(self._radar_activities(recent)), 1)
            self.assertEqual(len(self._radar_activities(never)), 1)
            self.assertEqual(len(self._radar_activities(own_kuemmerer)), 1)

    @freeze_time("2026-03-01 06:00:00")
    def test_radar_after_a_kept_done_activity(self):
        """Activity types may keep done activities (archived): an archived
        radar activity is no longer open, so the radar schedules a new one."""
        self.activity_type.keep_done = True
        resident = self._resident("Archiv Erledigt")
        self._run_radar()
        activity = resident.kuemmerer_radar_activity_id
        self.assertTrue(activity)
        activity.with_user(self.user_kuemmerer).action_feedback(
            feedback="Nicht erreicht"
        )
        self.assertFalse(activity.active)
        self.assertFalse(resident.kuemmerer_radar_activity_id)
        self._run_radar()
        self.assertEqual(len(self._radar_activities(resident)), 1)
        self.assertNotEqual(resident.kuemmerer_radar_activity_id, activity)
        self.assertTrue(resident.kuemmerer_radar_activity_id.active)

    @freeze_time("2026-03-01 06:00:00")
    def test_radar_idle_run_reads_only_new_cases(self):
        """The daily run when nothing is due: two index queries (and the time
        zone), however many residents are overdue and handled already."""
        self.Partner.create(
            [
                {
                    "name": f"Ruhig {index}",
                    "is_resident": True,
                    "quarter_id": self.quarter_a.id,
                }
                for index in range(20)
            ]
        )
        self._run_radar()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.env["kuemmerer.radar"]._cron_contact_radar()
        # the radar's selections are served by the partial indexes
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN"
            " ('kuemmerer_resident_radar_stale_index', "
            "'res_partner_kuemmerer_radar_todo_index')"
        )
        self.assertEqual(
            sorted(row[0] for row in self.env.cr.fetchall()),
            [
                "kuemmerer_resident_radar_stale_index",
                "res_partner_kuemmerer_radar_todo_index",
            ],
        )

    @freeze_time("2026-03-01 06:00:00")
    def test_radar_counts_an_activity_scheduled_by_hand(self):
        resident = self._resident("Hand Geplant")
        resident.activity_schedule(
            activity_type_id=self.activity_type.id, user_id=self.user_kuemmerer.id
        )
        self._run_radar()
        self.assertEqual(len(self._radar_activities(resident)), 1)
        self.assertEqual(
            resident.kuemmerer_radar_activity_id, self._radar_activities(resident)
        )

    @freeze_time("2026-03-01 06:00:00")
    def test_radar_batches_and_reports_progress(self):
        residents = self.Partner.create(
            [
                {
                    "name": f"Batch {index}",
                    "is_resident": True,
                    "quarter_id": self.quarter_a.id,
                }
                for index in range(5)
            ]
        )
        progress = []
        self.patch(
            type(self.env["ir.cron"]),
            "_notify_progress",
            lambda cron, done, remaining, deactivate=False: progress.append(
                (done, remaining)
            ),
        )
        self._run_radar(batch_size=3)
        self.assertEqual(len(self._radar_activities(residents)), 3)
        # overdue from the start (never contacted): their attention level counts it
        # already
        self.assertEqual(progress[-1], (3, 2), "2 activities remain")
        self._run_radar(batch_size=3)
        self.assertEqual(len(self._radar_activities(residents)), 5)
        self._run_radar(batch_size=3)
        self.assertEqual(len(self._radar_activities(residents)), 5)
        self.assertEqual(progress[-1], (0, 0))

    @freeze_time("2026-03-01 06:00:00")
    def test_scheduled_action(self):
        residents = self.Partner.create(
            [
                {
                    "name": f"Geplant {index}",
                    "is_resident": True,
                    "quarter_id": self.quarter_a.id,
                }
                for index in range(2)
            ]
        )
        cron = self.env.ref("kuemmerer_addon.ir_cron_contact_radar")
        self.assertEqual(cron.interval_type, "days")
        cron.method_direct_trigger()
        self.assertEqual(len(self._radar_activities(residents)), 2)
        progress = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)])
        self.assertEqual((progress.done, progress.remaining), (2, 0))

    def _radar_queries(self, count, quarter):
        self.Partner.create(
            [
                {
                    "name": f"Bewohner {quarter.code} {index}",
                    "is_resident": True,
                    "quarter_id": quarter.id,
                }
                for index in range(count)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["kuemmerer.radar"]._cron_contact_radar(batch_size=10000)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    @freeze_time("2026-03-01 06:00:00")
    def test_radar_query_count_does_not_grow_per_resident(self):
        quarters = self.env["kuemmerer.quarter"].create(
            [
                {
                    "name": f"Quartier {code}",
                    "code": code,
                    "contact_interval_days": 14,
                    "user_ids": [(4, self.user_kuemmerer.id)],
                }
                for code in ("Q0", "Q1", "Q2")
            ]
        )
        self._radar_queries(2, quarters[0])  # warm-up: caches of the registry
        few = self._radar_queries(10, quarters[1])
        # up to 100 rows the ORM inserts and updates in one statement
        many = self._radar_queries(100, quarters[2])
        self.assertEqual(len(self._radar_activities()), 112)
        self.assertEqual(many, few, "the radar must not run a query per resident")

    @freeze_time("2026-03-01 06:00:00")
    def test_radar_5000_residents(self):
        """5,000 overdue residents: one run (in batches of 1,000), within a query
        budget that does not depend on the number of residents."""
        quarter = self.env["kuemmerer.quarter"].create(
            {
                "name": "Großsiedlung",
                "code": "GS",
                "contact_interval_days": 30,
                "user_ids": [(4, self.user_kuemmerer.id)],
            }
        )
        self.Partner.create(
            [
                {
                    "name": "Bewohnerin %04d" % index,
                    "is_resident": True,
                    "quarter_id": quarter.id,
                }
                for index in range(5000)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        counts = []
        for _run in range(6):
            before = self.env.cr.sql_log_count
            self.env["kuemmerer.radar"]._cron_contact_radar(batch_size=1000)
            self.env.flush_all()
            self.env.invalidate_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(len(self._radar_activities()), 5000)
        # every batch of 1,000 costs the same, and far less than a query per resident
        self.assertEqual(len(set(counts[1:4])), 1, counts)
        self.assertLess(max(counts), 200, counts)
        self.assertEqual(
            self.env["kuemmerer.resident"].search_count(
                [("quarter_id", "=", quarter.id), ("attention_level", "=", 1)]
            ),
            5000,
        )

    # ------------------------------------------------------------
    # attention level
    # ------------------------------------------------------------

    @freeze_time("2026-03-01 06:00:00")
    def test_attention_level_rules(self):
        resident = self._resident("Alma Achtsam", lives_alone=True)
        self._contact(resident, "2026-02-25 10:00:00")
        self.assertEqual(self._file(resident).attention_level, 1)
        self.assertIn("Lives alone.", self._file(resident).attention_reason)
        # an open need of a category that raises attention
        need = self.env["kuemmerer.need"].create(
            {
                "partner_id": resident.id,
                "category_id": self.env.ref(
                    "kuemmerer_addon.need_category_loneliness"
                ).id,
            }
        )
        self.assertEqual(self._file(resident).attention_level, 2)
        self.assertIn("Open need: Vereinsamung.", self._file(resident).attention_reason)
        # a need of another category does not count
        self.env["kuemmerer.need"].create(
            {
                "partner_id": resident.id,
                "category_id": self.env.ref("kuemmerer_addon.need_category_digital").id,
            }
        )
        self.assertEqual(self._file(resident).attention_level, 2)
        need.action_cancel()
        self.assertEqual(self._file(resident).attention_level, 1)
        need.action_reopen()
        self.assertEqual(self._file(resident).attention_level, 2)
        # time passes: the contact becomes overdue; the radar updates the stored level
        with freeze_time("2026-04-10 06:00:00"):
            self.assertEqual(self._file(resident).attention_level, 2)
            self._run_radar()
            self.assertEqual(self._file(resident).attention_level, 3)
            self.assertTrue(self._file(resident).attention_contact_overdue)
            self.assertIn(
                "Contact is overdue: last contact on 02/25/2026",
                self._file(resident).attention_reason,
            )
            self.assertIn(
                self._file(resident),
                self.env["kuemmerer.resident"]
                .with_user(self.user_kuemmerer)
                .search([("attention_level", ">=", 3)]),
            )
            # a contact logged: the level goes down at once
            self._contact(resident, "2026-04-10 05:00:00")
            self.assertEqual(self._file(resident).attention_level, 2)
            self.assertFalse(self._file(resident).attention_contact_overdue)
            self.assertEqual(resident.days_since_last_contact, 0)
        # at most 3, even when all four rules apply
        self.assertEqual(
            self._file(self._resident("Niemand")).attention_level, 1
        )  # never contacted

    @freeze_time("2026-03-01 06:00:00")
    def test_attention_missed_event(self):
        resident = self._resident("Mia Fehlt", contact_interval_days=0)
        self.assertEqual(self._file(resident).attention_level, 0)
        self.assertEqual(
            self._file(resident).attention_reason, "Nothing stands out at the moment."
        )
        events = self.env["calendar.event"].create(
            [
                {
                    "name": name,
                    "is_neighbourhood_event": True,
                    "quarter_id": self.quarter_a.id,
                    "start": start,
                    "stop": start.replace("09:00", "11:00"),
                    "partner_ids": [(4, resident.id)],
                }
                for name, start in (
                    ("Frühstück Januar", "2026-01-10 09:00:00"),
                    ("Frühstück Februar", "2026-02-10 09:00:00"),
                )
            ]
        )
        january, february = events
        attendees = events.attendee_ids.filtered(lambda a: a.partner_id == resident)
        attendees.write({"state": "accepted"})
        january.attendee_ids.filtered(
            lambda a: a.partner_id == resident
        ).action_kuemmerer_mark_present()
        february.attendee_ids.filtered(
            lambda a: a.partner_id == resident
        ).action_kuemmerer_mark_absent()
        self.assertEqual(self._file(resident).attention_level, 1)
        self.assertIn("Frühstück Februar", self._file(resident).attention_reason)
        # came to the last one after all
        february.attendee_ids.filtered(
            lambda a: a.partner_id == resident
        ).action_kuemmerer_mark_present()
        self.assertEqual(self._file(resident).attention_level, 0)

    def test_attention_fields_access(self):
        # the level is derived from casework (lives alone, open needs): on the
        # case file, which only the resident's Kümmerer and coordinators read
        Resident = self.env["kuemmerer.resident"]
        self.assertEqual(
            Resident._fields["attention_level"].groups,
            "kuemmerer_addon.group_kuemmerer_user",
        )
        self.assertNotIn("attention_level", self.env["res.partner"]._fields)
        resident = self._resident("Alma Achtsam", lives_alone=True)
        with self.assertRaises(AccessError):
            Resident.with_user(self.user_staff).search_read([], ["attention_level"])
        with self.assertRaises(AccessError):
            Resident.with_user(self.user_staff).search([("attention_level", ">=", 1)])
        own_view = (
            self._file(resident)
            .with_user(self.user_kuemmerer)
            .read(["attention_level"])[0]
        )
        self.assertEqual(own_view["attention_level"], 2)  # lives alone, never contacted
        # the Kümmerer of another quarter finds nothing of it
        other = Resident.with_user(self.user_kuemmerer_b)
        self.assertFalse(other.search([("partner_id", "=", resident.id)]))
        self.assertFalse(
            other.search(
                [("attention_level", ">=", 1), ("partner_id", "=", resident.id)]
            )
        )
        with self.assertRaises(AccessError):
            self._file(resident).with_user(self.user_kuemmerer_b).read(
                ["attention_level"]
            )
