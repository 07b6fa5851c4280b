# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .german import load_german
from .shift_common import KuemmererShiftCommon

CSRF_RE = re.compile(r'csrf_token(?:" value=|: )"([^"]+)"')


class KuemmererPortalCommon(HttpCase, KuemmererShiftCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shift = cls._create_shift(
            "Café am Donnerstag", days=3, seats_max=3, publish=True
        )
        cls.draft = cls._create_shift("Geheimer Entwurf", days=3)
        cls.shift_b = cls._create_shift(
            "Café im Quartier B",
            days=3,
            quarter_id=cls.quarter_b.id,
            user_id=cls.user_kuemmerer_b.id,
            publish=True,
        )
        cls.full = cls._create_shift(
            "Voller Einsatz", days=4, seats_max=1, publish=True
        )
        cls.env["kuemmerer.shift.registration"].create(
            {"shift_id": cls.full.id, "partner_id": cls.volunteer_a2.id}
        )
        cls.past = cls._create_shift("Vergangener Einsatz", days=-2)
        cls.past.state = "published"
        cls.cancelled = cls._create_shift("Abgesagter Einsatz", days=5, publish=True)
        cls.cancelled.action_cancel()
        # in ten hours: too late to cancel on the portal (24 hours)
        cls.soon = cls._create_shift("Gleich geht es los", days=10 / 24, publish=True)
        cls.soon_registration = cls.env["kuemmerer.shift.registration"].create(
            {"shift_id": cls.soon.id, "partner_id": cls.volunteer_partner.id}
        )
        # help steps: one for a resident who agreed to share with volunteers, one
        # for a resident who did not, one for another volunteer
        category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        cls.env["kuemmerer.consent"].create(
            {"partner_id": cls.resident_a.id, "purpose": "share_volunteers"}
        )
        cls.need_a = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": category.id,
                "description": "Streng vertraulich A",
            }
        )
        cls.need_b = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_b.id,
                "category_id": category.id,
                "description": "Streng vertraulich B",
            }
        )
        cls.step_a = cls._step(
            cls.need_a, "Einkauf für die Nachbarin erledigen", cls.volunteer_partner
        )
        cls.step_b = cls._step(cls.need_b, "Zum Arzt begleiten", cls.volunteer_partner)
        cls.step_other = cls._step(
            cls.need_a, "Vorlesen am Nachmittag", cls.volunteer_a2
        )

    @classmethod
    def _step(cls, need, name, volunteer):
        chain = cls.env["kuemmerer.help.chain"].create(
            {"need_id": need.id, "state": "running"}
        )
        return cls.env["kuemmerer.help.step"].create(
            {
                "chain_id": chain.id,
                "name": name,
                "step_type": "volunteer",
                "volunteer_id": volunteer.id,
                "user_id": cls.user_kuemmerer.id,
                "date_deadline": fields.Date.today(),
                "instructions": "Bitte vorher anrufen.",
            }
        )

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return CSRF_RE.search(response.text).group(1)

    def _post(self, url, csrf_from, **data):
        data["csrf_token"] = self._csrf(csrf_from)
        return self.url_open(url, data=data, allow_redirects=False)

    def _registrations(self):
        return self.env["kuemmerer.shift.registration"].search_count([])


@tagged("post_install", "-at_install", "is_query_count")
class TestVolunteerPortal(KuemmererPortalCommon):
    # ------------------------------------------------------------
    # /my and /my/shifts
    # ------------------------------------------------------------

    def test_home_entries_and_counters(self):
        self._login(self.user_portal)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn('href="/my/shifts"', response.text)
        self.assertIn('href="/my/kuemmerer/tasks"', response.text)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["kuemmerer_shift_count", "kuemmerer_task_count"]},
        )
        # their own shifts only (the one in ten hours), not the open Thursday café
        self.assertEqual(counters["kuemmerer_shift_count"], 1)
        self.assertEqual(counters["kuemmerer_task_count"], 2)
        self._login(self.user_portal_other)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["kuemmerer_shift_count", "kuemmerer_task_count"]},
        )
        self.assertEqual(
            counters, {"kuemmerer_shift_count": 0, "kuemmerer_task_count": 0}
        )

    def test_password_page_explained(self):
        """Odoo's "Connection & Security" in plain words, its functions kept."""
        self._login(self.user_portal)
        html = self.url_open("/my").text
        self.assertIn("Password and account", html)
        self.assertIn(
            "Change your password, sign out everywhere or delete your account", html
        )
        self.assertNotIn("Configure your connection parameters", html)
        html = self.url_open("/my/security").text
        for sentence in (
            "Here you change your password and protect your account.",
            "You do not need this page for your shifts and tasks.",
            "You need your password to sign in here.",
            "This signs you out on every device",
            "After that you can no longer sign in here.",
            "please tell your Kümmerer instead",
        ):
            self.assertIn(sentence, html)
        # Odoo's functions are all there
        self.assertIn('name="op" value="password"', html)
        self.assertIn('id="portal_revoke_all_sessions_popup"', html)
        self.assertIn('action="/my/deactivate_account"', html)
        # the volunteers' sentences only for volunteers
        self._login(self.user_portal_other)
        html = self.url_open("/my/security").text
        self.assertIn("After that you can no longer sign in here.", html)
        self.assertNotIn("please tell your Kümmerer instead", html)
        self.assertNotIn("your shifts and tasks", html)

    def test_my_shifts_as_volunteer(self):
        self._login(self.user_portal)
        response = self.url_open("/my/shifts")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Café am Donnerstag", html)
        self.assertIn("3 seats free", html)
        registrations = html[
            html.index('id="kuemmerer_my_registrations"') : html.index(
                'id="kuemmerer_open_shifts"'
            )
        ]
        self.assertIn("Gleich geht es los", registrations)
        for hidden in (
            "Geheimer Entwurf",  # draft
            "Café im Quartier B",  # other quarter
            "Voller Einsatz",  # no seat left
            "Vergangener Einsatz",
            "Abgesagter Einsatz",
            "Walter Zweiter",  # other volunteers
            "Streng vertraulich",
        ):
            self.assertNotIn(hidden, html)

    def test_my_shifts_filters_and_bad_parameters(self):
        self._login(self.user_portal)
        self.volunteer_partner.volunteer_quarter_ids = self.quarter_b
        html = self.url_open("/my/shifts").text
        self.assertIn("Café im Quartier B", html)
        html = self.url_open(f"/my/shifts?quarter={self.quarter_b.id}").text
        self.assertIn("Café im Quartier B", html)
        self.assertNotIn("Café am Donnerstag", html)
        self.assertIn("Gleich geht es los", html, "own registrations are always listed")
        # the café is in three days: this week or next
        this_week = self.url_open("/my/shifts?week=0").text
        next_week = self.url_open("/my/shifts?week=1").text
        self.assertTrue(
            ("Café am Donnerstag" in this_week) != ("Café am Donnerstag" in next_week)
        )
        self.assertNotIn("Café am Donnerstag", self.url_open("/my/shifts?week=5").text)
        for query in (
            "week=abc",
            "week=-1",
            "week=99999999999999999999999",
            "quarter=abc",
            "quarter=99999999999999999999999",
            "quarter={}".format(
                self.env["kuemmerer.quarter"].create({"name": "Fremd", "code": "FR"}).id
            ),
            "week=&quarter=0",
        ):
            with self.subTest(query=query):
                response = self.url_open(f"/my/shifts?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertIn(
                    "Café am Donnerstag", response.text, "a bad filter is ignored"
                )
        for url in ("/my/shifts/page/2", "/my/shifts/page/999999999999999999"):
            self.assertEqual(self.url_open(url).status_code, 200, url)

    def test_my_shifts_for_non_volunteers(self):
        self._login(self.user_portal_other)
        response = self.url_open("/my/shifts")
        self.assertEqual(response.status_code, 200)
        self.assertIn("This page is for volunteers", response.text)
        self.assertNotIn("Café am Donnerstag", response.text)
        self._login(self.user_internal)
        response = self.url_open("/my/shifts")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Café am Donnerstag", response.text)

    def test_public_is_sent_to_login(self):
        self.authenticate(None, None)
        for url in (
            "/my/shifts",
            f"/my/shifts/{self.shift.id}",
            f"/my/shifts/{self.shift.id}/ics",
            "/my/kuemmerer/tasks",
        ):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertIn("/web/login", response.headers["Location"])
        count = self._registrations()
        response = self.url_open(
            f"/my/shifts/{self.shift.id}/register",
            data={"csrf_token": "x"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._registrations(), count)

    @mute_logger("odoo.http")
    def test_every_route_as_another_volunteer(self):
        """The volunteer of quarter B on the pages and forms of quarter A's
        volunteer: nothing shown, nothing written."""
        self._login(self.user_portal_b)
        html = self.url_open("/my/shifts").text
        self.assertIn("Café im Quartier B", html)
        for hidden in ("Café am Donnerstag", "Gleich geht es los", "Vera Ehrenamt"):
            self.assertNotIn(hidden, html)
        html = self.url_open("/my/kuemmerer/tasks").text
        self.assertNotIn("Einkauf für die Nachbarin erledigen", html)
        self.assertNotIn("Anna Althaus", html)
        for url in (
            f"/my/shifts/{self.shift.id}",
            f"/my/shifts/{self.shift.id}/ics",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        token = self._csrf("/my/shifts")
        count = self._registrations()
        for url, data in (
            (f"/my/shifts/{self.shift.id}/register", {}),
            (f"/my/shifts/{self.soon.id}/cancel", {}),
            (
                f"/my/kuemmerer/tasks/{self.step_a.id}/report",
                {"report": "Erledigt"},
            ),
        ):
            with self.subTest(url=url):
                response = self.url_open(
                    url, data={"csrf_token": token, **data}, allow_redirects=False
                )
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self._registrations(), count)
        self.assertEqual(self.soon_registration.state, "registered")
        self.assertEqual(self.step_a.state, "todo")

    def test_every_route_as_public(self):
        """Pages and forms send the public to the login, and write nothing
        (test_public_is_sent_to_login covers the other pages)."""
        self.authenticate(None, None)
        for url, data in (
            ("/my", None),
            (f"/my/shifts/{self.shift.id}/register", {"csrf_token": "x"}),
            (f"/my/shifts/{self.soon.id}/cancel", {"csrf_token": "x"}),
            (
                f"/my/kuemmerer/tasks/{self.step_a.id}/report",
                {"csrf_token": "x", "report": "x"},
            ),
        ):
            with self.subTest(url=url):
                response = self.url_open(url, data=data, allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertIn("/web/login", response.headers["Location"])
        self.assertEqual(self.step_a.state, "todo")
        self.assertEqual(self.soon_registration.state, "registered")
        self.assertFalse(self.shift.registration_ids)

    # ------------------------------------------------------------
    # /my/shifts/<id>
    # ------------------------------------------------------------

    def test_shift_detail(self):
        self._login(self.user_portal)
        response = self.url_open(f"/my/shifts/{self.shift.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Café am Donnerstag", response.text)
        self.assertIn("Sign up for this shift", response.text)
        self.assertIn(f"/my/shifts/{self.shift.id}/ics", response.text)
        self.assertIn(
            self.user_kuemmerer.name, response.text, "the coordinator is the contact"
        )
        self.assertNotIn(
            "Walter Zweiter", self.url_open(f"/my/shifts/{self.full.id}").text
        )
        # a cancelled shift of the quarter is shown as cancelled
        response = self.url_open(f"/my/shifts/{self.cancelled.id}")
        self.assertIn("This shift has been cancelled", response.text)
        self.assertNotIn("Sign up for this shift", response.text)
        # a paused volunteer is not offered a button that can only refuse
        self.volunteer_partner.volunteer_state = "paused"
        response = self.url_open(f"/my/shifts/{self.shift.id}")
        self.assertIn("Café am Donnerstag", response.text)
        self.assertNotIn("Sign up for this shift", response.text)

    @mute_logger("odoo.http")
    def test_shift_detail_not_found(self):
        self._login(self.user_portal)
        for url in (
            f"/my/shifts/{self.draft.id}",
            f"/my/shifts/{self.shift_b.id}",
            "/my/shifts/999999999",
            "/my/shifts/99999999999999999999999",
            "/my/shifts/0",
            "/my/shifts/abc",
            f"/my/shifts/{self.draft.id}/ics",
            f"/my/shifts/{self.shift_b.id}/ics",
            f"/my/shifts/{self.cancelled.id}/ics",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
        # the volunteer of quarter B does not see A's shifts, a portal user who
        # is no volunteer sees none
        for user in (self.user_portal_b, self.user_portal_other):
            self._login(user)
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.url_open(f"/my/shifts/{self.shift.id}").status_code,
                    404,
                )

    def test_ics_download(self):
        self._login(self.user_portal)
        response = self.url_open(f"/my/shifts/{self.full.id}/ics")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        self.assertIn("attachment", response.headers["Content-Disposition"])
        ics = response.content.decode()
        self.assertIn("SUMMARY:Voller Einsatz", ics)
        self.assertNotIn("ATTENDEE", ics)
        self.assertNotIn(self.volunteer_a2.email, ics, "nobody else's e-mail address")

    # ------------------------------------------------------------
    # sign up and cancel
    # ------------------------------------------------------------

    def test_sign_up_and_cancel(self):
        self._login(self.user_portal)
        url = f"/my/shifts/{self.shift.id}"
        response = self._post(url + "/register", url)
        self.assertEqual(response.status_code, 303)
        self.assertIn(url + "?message=registered", response.headers["Location"])
        registration = self.shift.registration_ids
        self.assertEqual(
            (registration.partner_id, registration.state),
            (self.volunteer_partner, "registered"),
        )
        self.assertEqual(self.shift.seats_taken, 1)
        self.assertIn(self.volunteer_partner, self.shift.calendar_event_id.partner_ids)
        invitation = self._mails(
            self.volunteer_partner, "Ihr Einsatz: Café am Donnerstag"
        )
        self.assertEqual(
            len(invitation), 1, "the volunteer who signs up gets the invitation"
        )
        self.assertNotIn("ATTENDEE", self._ics(invitation))
        page = self.url_open(url + "?message=registered").text
        self.assertIn("You are registered", page)
        self.assertIn("Cancel my registration", page)
        # a second click changes nothing
        response = self._post(url + "/register", url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.shift.registration_ids), 1)
        # cancel: first the question ("wirklich?"), a plain page that writes nothing
        self.assertIn(f'href="{url}/cancel"', page, "the page leads to the question")
        question = self.url_open(url + "/cancel")
        self.assertEqual(question.status_code, 200)
        self.assertIn(
            "Do you really want to cancel your registration for", question.text
        )
        self.assertIn("Café am Donnerstag", question.text)
        self.assertIn(f'action="{url}/cancel"', question.text)
        self.assertIn("No, I will come", question.text)
        self.assertEqual(registration.state, "registered")
        # then the answer
        response = self._post(url + "/cancel", url + "/cancel")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(registration.state, "cancelled")
        self.assertEqual(self.shift.seats_taken, 0)
        self.assertEqual(
            len(self._mails(self.volunteer_partner, "Abgemeldet: Café am Donnerstag")),
            1,
        )
        # and again: nothing to cancel
        response = self._post(url + "/cancel", url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("You are not registered for this shift", response.text)

    def test_bad_sign_ups_write_nothing(self):
        self._login(self.user_portal)
        count = self._registrations()
        # the last seat is gone: answered at once with a redirect to the page with
        # the reason
        url = f"/my/shifts/{self.full.id}"
        response = self._post(url + "/register", url)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(url + "?error=full"))
        page = self.url_open(response.headers["Location"])
        self.assertIn("All seats for this shift are taken", page.text)
        self.assertIn("alert-danger", page.text)
        # unknown codes show nothing
        page = self.url_open(url + "?error=%3Cscript%3E")
        self.assertNotIn("alert-danger", page.text)
        for shift, message in (
            (self.past, "over or has already begun"),
            (self.cancelled, "has been cancelled"),
            (self.soon, "is already registered"),
        ):
            url = f"/my/shifts/{shift.id}"
            with self.subTest(shift=shift.name):
                response = self._post(url + "/register", url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn("alert-danger", response.text)
        self.assertEqual(self._registrations(), count)
        self.assertEqual(self.full.seats_taken, 1)
        # foreign or missing shifts: 404, whatever the CSRF token
        token = self._csrf("/my/shifts")
        for shift_id in (
            self.shift_b.id,
            self.draft.id,
            999999999,
            "99999999999999999999",
            "abc",
        ):
            with self.subTest(shift_id=shift_id):
                response = self.url_open(
                    f"/my/shifts/{shift_id}/register",
                    data={"csrf_token": token},
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self._registrations(), count)

    @mute_logger("odoo.http")
    def test_missing_csrf_token(self):
        self._login(self.user_portal)
        count = self._registrations()
        for url in (
            f"/my/shifts/{self.shift.id}/register",
            f"/my/shifts/{self.soon.id}/cancel",
            f"/my/kuemmerer/tasks/{self.step_a.id}/report",
        ):
            for data in (
                {"report": "Alles gut"},
                {"report": "Alles gut", "csrf_token": "falsch"},
            ):
                with self.subTest(url=url, data=data):
                    response = self.url_open(url, data=data, allow_redirects=False)
                    self.assertEqual(response.status_code, 400)
        self.assertEqual(self._registrations(), count)
        self.assertEqual(self.soon_registration.state, "registered")
        self.assertEqual(self.step_a.state, "todo")

    def test_cancel_after_deadline(self):
        self._login(self.user_portal)
        url = f"/my/shifts/{self.soon.id}"
        page = self.url_open(url).text
        self.assertNotIn("Cancel my registration", page)
        self.assertIn("please call", page)
        # the question page says why and whom to call, and offers no button
        question = self.url_open(url + "/cancel")
        self.assertEqual(question.status_code, 200)
        self.assertIn(
            "You can cancel only until 24 hours before the start", question.text
        )
        self.assertNotIn("o_kuemmerer_cancel_confirm", question.text)
        self.assertIn(self.user_kuemmerer.name, question.text)
        response = self._post(url + "/cancel", url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "You can cancel only until 24 hours before the start", response.text
        )
        self.assertEqual(self.soon_registration.state, "registered")

    def test_other_volunteer_cannot_cancel_for_me(self):
        self._login(self.user_portal_a2)
        url = f"/my/shifts/{self.soon.id}"
        response = self._post(url + "/cancel", "/my/shifts")
        self.assertEqual(response.status_code, 200)
        self.assertIn("You are not registered for this shift", response.text)
        self.assertEqual(self.soon_registration.state, "registered")
        self._login(self.user_portal_b)
        response = self._post(url + "/cancel", "/my/shifts")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.soon_registration.state, "registered")

    def _card(self, html, name):
        """The HTML of the shift card named ``name`` on /my/shifts."""
        start = html.index(name)
        start = html.rindex('class="list-group-item', 0, start)
        end = html.find('class="list-group-item', start + 1)
        return html[start : end if end > 0 else len(html)]

    def test_shift_cards_have_buttons(self):
        """Each card says what the volunteer can do: sign up on open shifts,
        cancel their own (while the deadline allows), details everywhere."""
        later = self._shift("Spätere Runde", days=6, publish=True)
        self._register(later, self.volunteer_partner)
        self._login(self.user_portal)
        html = self.url_open("/my/shifts").text
        card = self._card(html, "Café am Donnerstag")
        self.assertIn(f'action="/my/shifts/{self.shift.id}/register"', card)
        self.assertIn("Sign up", card)
        self.assertIn(f'href="/my/shifts/{self.shift.id}"', card)
        own = self._card(html, "Spätere Runde")
        self.assertIn("Registered ✓", own)
        self.assertIn(f'href="/my/shifts/{later.id}/cancel"', own)
        self.assertNotIn("/register", own)
        # too late to cancel on the portal: no button that can only refuse
        soon = self._card(html, "Gleich geht es los")
        self.assertIn("Registered ✓", soon)
        self.assertNotIn("/cancel", soon)
        # the card's button signs up at once
        response = self._post(f"/my/shifts/{self.shift.id}/register", "/my/shifts")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.shift.registration_ids.partner_id, self.volunteer_partner)
        # a paused volunteer sees the shifts, without sign-up buttons
        self.volunteer_partner.volunteer_state = "paused"
        self._register(
            self._shift("Noch ein Café", days=5, publish=True), self.volunteer_a2
        )
        html = self.url_open("/my/shifts").text
        self.assertIn("Noch ein Café", html)
        self.assertNotIn("o_kuemmerer_sign_up", html)

    @mute_logger("odoo.http")
    def test_cancel_question_page(self):
        later = self._shift("Spätere Runde", days=6, publish=True)
        registration = self._register(later, self.volunteer_partner)
        url = f"/my/shifts/{later.id}/cancel"
        # public: to the login
        self.authenticate(None, None)
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        # another volunteer of the quarter: not registered, nothing to confirm
        self._login(self.user_portal_a2)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("You are not registered for this shift", response.text)
        self.assertNotIn("o_kuemmerer_cancel_confirm", response.text)
        # foreign and missing shifts, non-volunteers: 404
        for user, shift_id in (
            (self.user_portal_b, later.id),
            (self.user_portal_other, later.id),
            (self.user_portal, self.shift_b.id),
            (self.user_portal, self.draft.id),
            (self.user_portal, 999999999),
            (self.user_portal, "99999999999999999999"),
        ):
            self._login(user)
            with self.subTest(user=user.login, shift_id=shift_id):
                response = self.url_open(f"/my/shifts/{shift_id}/cancel")
                self.assertEqual(response.status_code, 404)
        # the volunteer: the question with the date, and both answers
        self._login(self.user_portal)
        html = self.url_open(url).text
        self.assertIn("Do you really want to cancel your registration for", html)
        self.assertIn("Spätere Runde", html)
        self.assertIn("o_kuemmerer_cancel_confirm", html)
        self.assertIn(
            f'href="/my/shifts/{later.id}"',
            html,
            "'No' leads back to the shift",
        )
        self.assertEqual(
            registration.state, "registered", "the question writes nothing"
        )
        # a cancelled shift: nothing to cancel any more
        later.action_cancel()
        html = self.url_open(url).text
        self.assertIn("This shift has been cancelled. You do not need to come.", html)
        self.assertNotIn("o_kuemmerer_cancel_confirm", html)

    def test_whom_to_call(self):
        """ "Fragen?": the staff member's work phone as a tel: link and their
        e-mail; the office's phone when they have none. Never a resident's."""
        self.user_kuemmerer.partner_id.phone = "0371 44 712-00"
        self.env.company.write({"phone": "0371 999", "email": "buero@example.org"})
        self._login(self.user_portal)
        for url in (f"/my/shifts/{self.shift.id}", "/my/kuemmerer/tasks"):
            with self.subTest(url=url):
                html = self.url_open(url).text
                self.assertIn('href="tel:03714471200"', html)
                self.assertIn("0371 44 712-00", html)
                self.assertIn('href="mailto:kuemmerer@example.org"', html)
                self.assertIn("Questions? Please call", html)
        # no phone of their own: the office's, said as such
        self.user_kuemmerer.partner_id.phone = False
        html = self.url_open(f"/my/shifts/{self.shift.id}").text
        self.assertIn('href="tel:0371999"', html)
        self.assertIn(f"Office ({self.env.company.name}):", html)
        self.assertIn('href="mailto:kuemmerer@example.org"', html)
        # a shift whose responsible person is not staff: the quarter's coordinator
        self.quarter_a.manager_id = self.user_manager
        self.user_manager.partner_id.phone = "0371 555"
        self.shift.sudo().user_id = self.user_portal_other
        html = self.url_open(f"/my/shifts/{self.shift.id}").text
        self.assertIn('href="tel:0371555"', html)
        self.assertIn(self.user_manager.name, html)
        self.assertNotIn("paul@example.org", html)

    # ------------------------------------------------------------
    # /my/kuemmerer/tasks
    # ------------------------------------------------------------

    def test_my_tasks_show_resident_only_with_consent(self):
        self._login(self.user_portal)
        response = self.url_open("/my/kuemmerer/tasks")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Einkauf für die Nachbarin erledigen", html)
        self.assertIn("Zum Arzt begleiten", html)
        self.assertIn("Bitte vorher anrufen.", html)
        # consent given: name, address, phone
        self.assertIn("Anna Althaus", html)
        self.assertIn("Lindenstraße 1", html)
        self.assertIn("0123 456", html)
        # no consent: nothing about the resident
        self.assertNotIn("Berta Bach", html)
        # never the need, never another volunteer's task
        self.assertNotIn("Streng vertraulich", html)
        self.assertNotIn(self.need_a.name, html)
        self.assertNotIn(
            self.env.ref("kuemmerer_addon.need_category_care_health").name, html
        )
        self.assertNotIn("Vorlesen am Nachmittag", html)
        # the other volunteer sees their own task only
        self._login(self.user_portal_a2)
        html = self.url_open("/my/kuemmerer/tasks").text
        self.assertIn("Vorlesen am Nachmittag", html)
        self.assertNotIn("Einkauf für die Nachbarin erledigen", html)
        # consent withdrawn: the details disappear
        self.resident_a.consent_ids.action_withdraw()
        self._login(self.user_portal)
        self.assertNotIn("Anna Althaus", self.url_open("/my/kuemmerer/tasks").text)

    def test_report_back(self):
        self._login(self.user_portal)
        response = self._post(
            f"/my/kuemmerer/tasks/{self.step_a.id}/report",
            "/my/kuemmerer/tasks",
            report="  Einkauf erledigt, alles gut.  ",
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            "/my/kuemmerer/tasks?message=reported", response.headers["Location"]
        )
        self.assertEqual(self.step_a.state, "done")
        self.assertIn("Einkauf erledigt, alles gut.", self.step_a.sudo().outcome)
        self.assertIn("Vera Ehrenamt", self.step_a.sudo().outcome)
        html = self.url_open("/my/kuemmerer/tasks?message=reported").text
        self.assertIn("Thank you for your report", html)
        self.assertNotIn(
            "Einkauf für die Nachbarin erledigen", html, "done tasks leave the list"
        )
        # a second report on the same step
        response = self._post(
            f"/my/kuemmerer/tasks/{self.step_a.id}/report",
            "/my/kuemmerer/tasks",
            report="Nochmal",
        )
        self.assertEqual(response.status_code, 404)

    def test_bad_reports_write_nothing(self):
        self._login(self.user_portal)
        url = f"/my/kuemmerer/tasks/{self.step_b.id}/report"
        for report, message in (
            ("x" * 100_000, "Your report is too long"),
            ("<b>Alles gut</b>", "plain text"),
            ("<script>alert(1)</script>", "plain text"),
            ("Alles &lt;gut&gt;", "plain text"),
            ("   ", "Please write a few words"),
        ):
            with self.subTest(report=report[:20]):
                response = self._post(url, "/my/kuemmerer/tasks", report=report)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertNotIn("<script>alert(1)</script>", response.text)
        response = self._post(url, "/my/kuemmerer/tasks")  # no report at all
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.step_b.state, "todo")
        self.assertFalse(self.step_b.sudo().outcome)
        # foreign, missing and nonsense ids
        token = self._csrf("/my/kuemmerer/tasks")
        for step_id in (self.step_other.id, 999999999, "99999999999999999999", "abc"):
            with self.subTest(step_id=step_id):
                response = self.url_open(
                    f"/my/kuemmerer/tasks/{step_id}/report",
                    data={"csrf_token": token, "report": "Erledigt"},
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.step_other.state, "todo")
        # a portal user who is no volunteer
        self._login(self.user_portal_other)
        response = self._post(url, "/my/kuemmerer/tasks", report="Erledigt")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.step_b.state, "todo")

    def _activities(self, need):
        return self.env["mail.activity"].search(
            [("res_model", "=", "kuemmerer.need"), ("res_id", "=", need.id)]
        )

    def test_report_did_not_work_out(self):
        """ "Hat nicht geklappt, weil …": the step fails with the reason in its
        outcome, and the Kümmerer gets an activity (without the reason)."""
        self._login(self.user_portal)
        html = self.url_open("/my/kuemmerer/tasks").text
        self.assertIn('name="result" value="done"', html)
        self.assertIn('name="result" value="failed"', html)
        before = self._activities(self.need_a)
        response = self._post(
            f"/my/kuemmerer/tasks/{self.step_a.id}/report",
            "/my/kuemmerer/tasks",
            report="  Frau Althaus war nicht zu Hause.  ",
            result="failed",
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            "/my/kuemmerer/tasks?message=reported_failed", response.headers["Location"]
        )
        self.assertEqual(self.step_a.state, "failed")
        outcome = self.step_a.sudo().outcome
        self.assertIn("did not work out", outcome)
        self.assertIn("Frau Althaus war nicht zu Hause.", outcome)
        self.assertIn("Vera Ehrenamt", outcome)
        activity = self._activities(self.need_a) - before
        activity = activity.filtered(lambda a: a.summary.startswith("Did not work out"))
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        self.assertEqual(
            activity.summary, "Did not work out: Einkauf für die Nachbarin erledigen"
        )
        self.assertIn("Vera Ehrenamt", activity.note)
        self.assertNotIn(
            "nicht zu Hause", activity.note, "the reason stays in the outcome"
        )
        html = self.url_open("/my/kuemmerer/tasks?message=reported_failed").text
        self.assertIn("Thank you for telling us", html)
        self.assertNotIn(
            "Einkauf für die Nachbarin erledigen", html, "ended tasks leave the list"
        )
        # once ended, the step is no longer the volunteer's to report on
        response = self._post(
            f"/my/kuemmerer/tasks/{self.step_a.id}/report",
            "/my/kuemmerer/tasks",
            report="Doch erledigt",
            result="done",
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.step_a.state, "failed")

    def test_bad_failure_reports_write_nothing(self):
        self._login(self.user_portal)
        url = f"/my/kuemmerer/tasks/{self.step_b.id}/report"
        before = self._activities(self.need_b)
        for data, message in (
            ({"report": "   ", "result": "failed"}, "why it did not work out"),
            ({"result": "failed"}, "why it did not work out"),
            ({"report": "x" * 5000, "result": "failed"}, "Your report is too long"),
            ({"report": "<b>Nicht da</b>", "result": "failed"}, "plain text"),
            (
                {"report": "Nicht da", "result": "vielleicht"},
                "did not work out, with the buttons",
            ),
            (
                {"report": "Nicht da", "result": ""},
                "did not work out, with the buttons",
            ),
        ):
            with self.subTest(data=str(data)[:40]):
                response = self._post(url, "/my/kuemmerer/tasks", **data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn("alert-danger", response.text)
        # what was typed is kept in the box, as text
        response = self._post(
            url, "/my/kuemmerer/tasks", report="Nicht da <b>", result="vielleicht"
        )
        self.assertIn("Nicht da &lt;b&gt;</textarea>", response.text)
        self.assertEqual(self.step_b.state, "todo")
        self.assertFalse(self.step_b.sudo().outcome)
        self.assertEqual(self._activities(self.need_b), before)
        # foreign and missing steps
        token = self._csrf("/my/kuemmerer/tasks")
        for step_id in (self.step_other.id, 999999999):
            response = self.url_open(
                f"/my/kuemmerer/tasks/{step_id}/report",
                data={"csrf_token": token, "report": "Nicht da", "result": "failed"},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.step_other.state, "todo")

    # ------------------------------------------------------------
    # performance
    # ------------------------------------------------------------

    def _count_queries(self, url):
        self.url_open(url)  # warm the caches
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def _add_shifts(self, count):
        shifts = self.env["kuemmerer.shift"]
        skills = self.env["kuemmerer.skill"].search([], limit=2)
        for index in range(count):
            shift = self._shift(
                f"Zusatz {index}",
                days=2 + index % 14,
                seats_max=5,
                skill_ids=[(6, 0, skills.ids)],
            )
            shifts |= shift
        shifts.action_publish()
        for shift in shifts[: count // 3]:
            self._register(shift, self.volunteer_partner)
        return shifts

    def test_query_count_does_not_grow_with_shifts(self):
        self._login(self.user_portal)
        self._add_shifts(3)
        few = self._count_queries("/my/shifts")
        self.assertLess(few, 60)
        self._add_shifts(27)  # 30 more; a page shows 20 of them
        self.url_open("/my/shifts")
        with self.assertQueryCount(few):
            self.assertEqual(self.url_open("/my/shifts").status_code, 200)

    def test_query_count_of_cancel_question(self):
        """The question page reads one shift: its cost does not grow with the
        shifts and registrations around it."""
        later = self._shift("Spätere Runde", days=6, seats_max=40, publish=True)
        self._register(later, self.volunteer_partner)
        self._login(self.user_portal)
        url = f"/my/shifts/{later.id}/cancel"
        few = self._count_queries(url)
        self.assertLess(few, 40)
        self._add_shifts(30)
        for index in range(20):
            partner = self.env["res.partner"].create(
                {
                    "name": f"Helferin {index}",
                    "is_volunteer": True,
                    "volunteer_state": "active",
                    "quarter_id": self.quarter_a.id,
                }
            )
            self._register(later, partner)
        self.url_open(url)
        with self.assertQueryCount(few):
            self.assertEqual(self.url_open(url).status_code, 200)

    def _add_tasks(self, count):
        category = self.env.ref("kuemmerer_addon.need_category_care_health")
        for index in range(count):
            resident = self.env["res.partner"].create(
                {
                    "name": f"Bewohnerin Aufgabe {index}",
                    "is_resident": True,
                    "quarter_id": self.quarter_a.id,
                    "street": "Lindenweg %s" % (index + 1),
                }
            )
            if index % 2:
                self.env["kuemmerer.consent"].create(
                    {"partner_id": resident.id, "purpose": "share_volunteers"}
                )
            need = self.env["kuemmerer.need"].create(
                {"partner_id": resident.id, "category_id": category.id}
            )
            step = self._step(need, f"Aufgabe {index}", self.volunteer_partner)
            if index % 3 == 0:
                step.action_done()

    def test_query_count_does_not_grow_with_tasks(self):
        self._login(self.user_portal)
        self._add_tasks(2)
        few = self._count_queries("/my/kuemmerer/tasks")
        self.assertLess(few, 40)
        self._add_tasks(20)
        self.url_open("/my/kuemmerer/tasks")
        with self.assertQueryCount(few):
            self.assertEqual(self.url_open("/my/kuemmerer/tasks").status_code, 200)


@tagged("post_install", "-at_install")
class TestVolunteerPortalTour(KuemmererPortalCommon):
    # a phone
    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the volunteer reads German
        load_german(cls.env)
        cls.user_portal.lang = "de_DE"
        cls.user_kuemmerer.partner_id.phone = "0371 4471200"

    def test_portal_tour(self):
        """Sign up from the card, cancel after the question, report a task
        as "hat nicht geklappt" with the reason and another one as done."""
        self.env["kuemmerer.shift.registration"].search(
            [("partner_id", "=", self.volunteer_partner.id)]
        ).unlink()
        shift = self._shift("Tour-Café", days=4, seats_max=2, publish=True)
        self.start_tour("/web/login", "kuemmerer_portal_shift_tour", login=None)
        registration = shift.registration_ids
        self.assertEqual(len(registration), 1)
        self.assertEqual(
            (registration.partner_id, registration.state),
            (self.volunteer_partner, "cancelled"),
        )
        self.assertEqual(shift.seats_taken, 0)
        self.assertEqual(self.step_a.state, "failed")
        self.assertIn("Frau Althaus war nicht zu Hause.", self.step_a.sudo().outcome)
        self.assertEqual(self.step_b.state, "done")
        self.assertIn("alles gut", self.step_b.sudo().outcome)
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "kuemmerer.need"),
                ("res_id", "=", self.need_a.id),
                ("user_id", "=", self.user_kuemmerer.id),
                ("summary", "like", "Einkauf für die Nachbarin erledigen"),
                ("summary", "not like", "To-Do"),
            ]
        )
        self.assertTrue(activity.filtered(lambda a: "Vera Ehrenamt" in (a.note or "")))
