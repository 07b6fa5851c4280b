# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public form /kuemmerer/hinweis over HTTP, against the running server,
without login: it takes a hint, says nothing but "received", and never
answers 500 (honeypot, form token, limits per address and hour, sizes,
hostile input)."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import HttpCase, tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger

from ..controllers.intake import make_token
from .common import KuemmererCommon

HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ANY_TEXT = st.text(max_size=60) | st.binary(max_size=40).map(
    lambda raw: raw.decode("latin-1")
)
THANKS = "/kuemmerer/hinweis/danke"


@tagged("post_install", "-at_install")
class TestIntakeHttp(HttpCase, KuemmererCommon):
    def setUp(self):
        super().setUp()
        # only the hints of the test count (a served instance may have left some)
        Intake = self.env["kuemmerer.intake"].sudo()
        self.before = Intake.search([], order="id desc", limit=1).id or 0

    def _intakes(self):
        self.env.invalidate_all()
        return self.env["kuemmerer.intake"].sudo().search([("id", ">", self.before)])

    def _token(self, age=10):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return make_token(secret, time.time() - age)

    def _post(self, data, token=True, **kwargs):
        data = dict(data)
        if token:
            data.setdefault("token", self._token())
        return self.url_open(
            "/kuemmerer/hinweis", data=data, allow_redirects=False, timeout=60, **kwargs
        )

    def _valid(self, **values):
        return dict(
            {
                "kind": "worry",
                "quarter": str(self.quarter_a.id),
                "about": "Frau Althaus",
                "message": "Der Briefkasten quillt über.",
                "contact_name": "",
                "contact_phone": "",
                "contact_email": "",
            },
            **values,
        )

    def test_the_form_without_login(self):
        response = self.url_open("/kuemmerer/hinweis")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="token"', response.text)
        self.assertIn('name="homepage"', response.text)
        self.assertIn("Quartier A", response.text)
        self.assertIn('name="viewport"', response.text)

    def test_a_hint_arrives_and_the_sender_sees_only_received(self):
        response = self._post(
            self._valid(contact_name="Nina Nachbarin", contact_email="nina@example.org")
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(THANKS))
        intake = self._intakes()
        self.assertEqual(len(intake), 1)
        self.assertEqual(
            (intake.kind, intake.quarter_id, intake.about, intake.contact_email),
            ("worry", self.quarter_a, "Frau Althaus", "nina@example.org"),
        )
        self.assertEqual(intake.message, "Der Briefkasten quillt über.")
        self.assertEqual(intake.activity_ids.user_id, self.user_kuemmerer)
        thanks = self.url_open(THANKS)
        self.assertEqual(thanks.status_code, 200)
        self.assertIn("o_kuemmerer_intake_received", thanks.text)
        # nothing of the record: no reference, no name
        self.assertNotIn(intake.name, thanks.text)
        self.assertNotIn("Althaus", thanks.text)

    def test_anonymous_without_quarter(self):
        response = self._post(
            self._valid(
                kind="help", quarter="", about="", message="Ich bin allein.\r\nBitte."
            )
        )
        self.assertEqual(response.status_code, 303)
        intake = self._intakes()
        self.assertTrue(intake.is_anonymous)
        self.assertFalse(intake.quarter_id)
        self.assertEqual(intake.message, "Ich bin allein.\nBitte.")

    def test_mistakes_come_back_with_the_text_kept(self):
        response = self._post(
            self._valid(
                about="", contact_email="keine-adresse", message="Mein Text bleibt"
            )
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mein Text bleibt", response.text)
        self.assertIn("is-invalid", response.text)
        self.assertFalse(self._intakes())

    def test_honeypot(self):
        response = self._post(self._valid(homepage="http://spam.example"))
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(THANKS))
        self.assertFalse(self._intakes())

    def test_form_token(self):
        cases = {
            "missing": "",
            "forged": "{}.{}".format(int(time.time()) - 60, "0" * 64),
            "too fast": self._token(age=0),
            "expired": self._token(age=2 * 24 * 3600),
            "garbage": "x" * 500,
        }
        for label, token in cases.items():
            with self.subTest(token=label):
                response = self._post(self._valid(message=f"Text {label}", token=token))
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_kuemmerer_intake_error", response.text)
                self.assertIn(f"Text {label}", response.text)
        self.assertFalse(self._intakes())

    def test_limit_per_address_and_hour(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "kuemmerer_addon.intake_limit_per_address", 3
        )
        codes = [
            self._post(self._valid(message=f"Nr. {n}")).status_code for n in range(5)
        ]
        self.assertEqual(codes, [303, 303, 303, 429, 429])
        self.assertEqual(len(self._intakes()), 3)

    @mute_logger("odoo.http", "werkzeug")
    def test_sizes(self):
        too_long = self._post(self._valid(message="x" * 4001))
        self.assertEqual(too_long.status_code, 200)
        self.assertIn("is-invalid", too_long.text)
        huge = self._post(self._valid(message="x" * 200_000))
        self.assertEqual(huge.status_code, 413)
        as_file = self.url_open(
            "/kuemmerer/hinweis",
            data={"token": self._token(), "kind": "help"},
            files={"message": ("a.txt", b"\x00\x01 Datei")},
            allow_redirects=False,
        )
        self.assertLess(as_file.status_code, 500)
        # digits that are not ASCII digits ("¹".isdigit() is true), found by hypothesis
        for odd in ("¹", "١٢", "7\n"):
            response = self._post(self._valid(quarter=odd, token=f"{odd}.{odd}"))
            self.assertLess(response.status_code, 500, odd)
        nul = self._post(self._valid(message="Null\x00Byte", about="A\x00B"))
        self.assertEqual(nul.status_code, 303)
        self.assertEqual(self._intakes().message, "NullByte")

    @mute_logger("odoo.http", "werkzeug")
    def test_hostile_input_never_fails(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "kuemmerer_addon.intake_limit_per_address", 10_000
        )

        @HYPOTHESIS
        @given(
            kind=ANY_TEXT | st.sampled_from(["help", "worry"]),
            quarter=ANY_TEXT | st.just(str(self.quarter_a.id)),
            about=ANY_TEXT,
            message=ANY_TEXT,
            name=ANY_TEXT,
            phone=ANY_TEXT,
            email=ANY_TEXT,
        )
        def check(kind, quarter, about, message, name, phone, email):
            before = len(self._intakes())
            response = self._post(
                {
                    "kind": kind,
                    "quarter": quarter,
                    "about": about,
                    "message": message,
                    "contact_name": name,
                    "contact_phone": phone,
                    "contact_email": email,
                }
            )
            self.assertLess(response.status_code, 500)
            created = len(self._intakes()) - before
            self.assertEqual(created, 1 if response.status_code == 303 else 0)
            get = self.url_open(
                "/kuemmerer/hinweis?{}".format(
                    urlencode({"kind": kind, "quarter": quarter})
                ),
                timeout=60,
            )
            self.assertLess(get.status_code, 500)

        check()

    def test_get_and_other_methods(self):
        for method in ("PUT", "DELETE"):
            response = self.opener.request(
                method, self.base_url() + "/kuemmerer/hinweis", timeout=60
            )
            self.assertLess(response.status_code, 500)


@tagged("post_install", "-at_install")
class TestIntakeThrottleConcurrency(BaseCase):
    """Twelve submissions from one address at the same moment, each in its
    own transaction: exactly the limit (5) gets through."""

    THREADS = 12

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.address = "203.0.113.%s" % (uuid.uuid4().int % 250)

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            key = env["kuemmerer.intake.throttle"]._kuemmerer_key(cls.address)
            cr.execute(
                "DELETE FROM kuemmerer_intake_throttle WHERE key IN (%s, '*')", [key]
            )
        super().tearDownClass()

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_the_limit_holds_under_concurrency(self):
        barrier = threading.Barrier(self.THREADS)

        def submit(_index):
            threading.current_thread().testing = True
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(timeout=30)
                return retrying(
                    lambda: env["kuemmerer.intake.throttle"]._kuemmerer_take(
                        self.address
                    ),
                    env,
                )

        with ThreadPoolExecutor(max_workers=self.THREADS) as executor:
            results = list(executor.map(submit, range(self.THREADS), timeout=120))
        self.assertEqual(results.count(True), 5, results)
