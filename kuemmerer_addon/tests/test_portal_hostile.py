# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hostile input on the addon's portal and public routes: never a 500,
never a write. Property-based (hypothesis) for the parameter parsing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_portal import KuemmererPortalCommon

ANY_TEXT = st.text(max_size=40) | st.integers(min_value=-(2**70), max_value=2**70).map(
    str
)
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@tagged("post_install", "-at_install")
class TestPortalHostileInput(KuemmererPortalCommon):
    def _state(self):
        self.env.invalidate_all()
        return (
            self.env["kuemmerer.shift.registration"].sudo().search_count([]),
            tuple(self.env["kuemmerer.help.step"].sudo().search([]).mapped("state")),
        )

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http", "werkzeug")
    def test_listing_parameters_never_fail(self):
        self._login(self.user_portal)

        @HYPOTHESIS
        @given(week=ANY_TEXT, quarter=ANY_TEXT, page=ANY_TEXT)
        def check(week, quarter, page):
            for url, params in (
                ("/my/shifts", {"week": week, "quarter": quarter}),
                ("/my/kuemmerer/tasks", {"message": week}),
                (
                    "/my/shifts/page/{}".format(page.replace("/", "").replace("?", ""))
                    or "1",
                    {},
                ),
            ):
                response = self.opener.get(
                    self.base_url() + url,
                    params=params,
                    timeout=60,
                    allow_redirects=False,
                )
                self.assertLess(response.status_code, 500, (url, params))

        before = self._state()
        check()
        self.assertEqual(self._state(), before)

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http", "werkzeug")
    def test_ids_in_urls_never_fail(self):
        self._login(self.user_portal)
        token = self._csrf("/my/shifts")

        @HYPOTHESIS
        @given(ident=ANY_TEXT)
        def check(ident):
            ident = ident.replace("/", "").replace("?", "").replace("#", "") or "0"
            for url in (
                f"/my/shifts/{ident}",
                f"/my/shifts/{ident}/ics",
                f"/my/shifts/{ident}/cancel",
            ):
                response = self.opener.get(
                    self.base_url() + url, timeout=60, allow_redirects=False
                )
                self.assertLess(response.status_code, 500, url)
            for url in (
                f"/my/shifts/{ident}/register",
                f"/my/shifts/{ident}/cancel",
                f"/my/kuemmerer/tasks/{ident}/report",
            ):
                response = self.opener.post(
                    self.base_url() + url,
                    data={"csrf_token": token, "report": ident},
                    timeout=60,
                    allow_redirects=False,
                )
                self.assertLess(response.status_code, 500, url)

        before = self._state()
        check()
        self.assertEqual(self._state(), before)

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http", "werkzeug")
    def test_get_on_post_routes_huge_bodies_and_expired_session(self):
        self._login(self.user_portal)
        before = self._state()
        shift_url = f"/my/shifts/{self.shift.id}"
        # GET where POST is needed
        task_url = f"/my/kuemmerer/tasks/{self.step_a.id}/report"
        for url in (shift_url + "/register", task_url):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (404, 405), url)
        # GET on a cancellation asks the question and writes nothing
        for url in (shift_url + "/cancel", f"/my/shifts/{self.soon.id}/cancel"):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 200, url)
        self.assertEqual(self.soon_registration.state, "registered")
        # a 1 MB body
        token = self._csrf(shift_url)
        response = self.opener.post(
            self.base_url() + f"/my/kuemmerer/tasks/{self.step_a.id}/report",
            data={"csrf_token": token, "report": "x" * (1024 * 1024)},
            timeout=60,
            allow_redirects=False,
        )
        self.assertLess(response.status_code, 500)
        self.assertEqual(self._state(), before)
        # HTML and script are stored as text and shown escaped
        response = self._post(
            f"/my/kuemmerer/tasks/{self.step_a.id}/report",
            "/my/kuemmerer/tasks",
            report="<script>alert('x')</script> erledigt",
        )
        self.assertLess(response.status_code, 500)
        self.assertNotIn(
            "<script>alert('x')</script>", self.url_open("/my/kuemmerer/tasks").text
        )
        # an expired session: sent to the login page, nothing written
        self.authenticate(None, None)
        state = self._state()
        response = self.opener.post(
            self.base_url() + shift_url + "/register",
            data={"csrf_token": token},
            timeout=60,
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (303, 302, 400, 403))
        self.assertEqual(self._state(), state)

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http", "werkzeug")
    def test_report_form_never_fails(self):
        """The report form's choice and text: anything but "done" or
        "failed" writes nothing; "failed" with an empty, formatted or
        oversized reason writes nothing; never a 500."""
        self._login(self.user_portal)
        token = self._csrf("/my/kuemmerer/tasks")
        url = self.base_url() + f"/my/kuemmerer/tasks/{self.step_a.id}/report"
        bad_reasons = st.one_of(
            st.text(alphabet=" \t\r\n", max_size=20),
            st.builds(lambda a, b: f"{a}<b>{b}", ANY_TEXT, ANY_TEXT),
            st.builds(lambda a: f"{a}&amp;", ANY_TEXT),
            st.integers(min_value=4001, max_value=20000).map(lambda n: "x" * n),
        )

        @HYPOTHESIS
        @given(
            result=ANY_TEXT.filter(lambda r: r not in ("done", "failed")),
            report=ANY_TEXT,
        )
        def check_choice(result, report):
            response = self.opener.post(
                url,
                data={"csrf_token": token, "report": report, "result": result},
                timeout=60,
                allow_redirects=False,
            )
            self.assertLess(response.status_code, 500, (result, report))

        @HYPOTHESIS
        @given(report=bad_reasons)
        def check_reason(report):
            response = self.opener.post(
                url,
                data={"csrf_token": token, "report": report, "result": "failed"},
                timeout=60,
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 200, report[:40])

        before = self._state()
        check_choice()
        check_reason()
        self.assertEqual(self._state(), before)
        self.assertFalse(self.step_a.sudo().outcome)
