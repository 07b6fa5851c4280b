# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role lands where its work is, in a real browser, in German: log in,
look at the first screen (static/tests/tours/kuemmerer_landing_tour.js)."""

from datetime import datetime, time, timedelta

import pytz

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import HOST, Opener, get_db_name

from .common import KuemmererCommon
from .german import load_german


@tagged("post_install", "-at_install")
class TestLandingTour(HttpCase, KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env, cls.user_kuemmerer | cls.user_manager | cls.user_staff)
        today = fields.Date.today()
        category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        template = cls.env["kuemmerer.help.chain.template"].create(
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
        for name, deadline in (
            ("Heute fällig", today),
            ("Überfällig", today - timedelta(days=3)),
        ):
            need = cls.env["kuemmerer.need"].create(
                {
                    "partner_id": cls.resident_a.id,
                    "category_id": category.id,
                    "user_id": cls.user_kuemmerer.id,
                }
            )
            need.action_apply_chain_template(template.id).step_ids.write(
                {"name": name, "date_deadline": deadline}
            )
        Partner = cls.env["res.partner"]
        watched = {
            "is_resident": True,
            "quarter_id": cls.quarter_a.id,
            "contact_interval_use_quarter": False,
            "contact_interval_own_days": 14,
        }
        Partner.create({**watched, "name": "Nie Kontaktiert"})
        long_ago = Partner.create({**watched, "name": "Lange Her"})
        cls.env["kuemmerer.contact"].create(
            {
                "partner_id": long_ago.id,
                "channel": "phone",
                "date": fields.Datetime.now() - timedelta(days=40),
            }
        )
        Partner.create(
            {**watched, "name": "Bruno Brandt", "quarter_id": cls.quarter_b.id}
        )
        # today's home visits in Berlin, at 8:30 and 14:30
        berlin = pytz.timezone("Europe/Berlin")
        local_today = datetime.now(berlin).date()
        Visit = cls.env["kuemmerer.visit"].with_context(no_mail_to_attendees=True)
        for partner, hour in ((cls.resident_a, 14), (long_ago, 8)):
            local = berlin.localize(datetime.combine(local_today, time(hour, 30)))
            Visit.create(
                {
                    "partner_id": partner.id,
                    "user_id": cls.user_kuemmerer.id,
                    "date": local.astimezone(pytz.utc).replace(tzinfo=None),
                }
            )
        # a Kümmerer without a quarter: nothing to do today
        cls.user_idle = new_test_user(
            cls.env,
            login="k_idle",
            name="Ida Ruhig",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_user",
            lang="de_DE",
            tz="Europe/Berlin",
        )
        if "tour_enabled" in cls.user_idle._fields:
            cls.user_idle.tour_enabled = False
        # a hint reported by staff: new on the Kümmerer's day, listed on staff's page
        cls.env["kuemmerer.hint.wizard"].with_user(cls.user_staff).create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": category.id,
                "text": "Vertraulich: wirkt verwirrt",
            }
        ).action_confirm()

    def test_kuemmerer_lands_on_the_day_1024(self):
        self.browser_size = "1024x768"
        self.start_tour(
            "/odoo", "kuemmerer_landing_kuemmerer", login=self.user_kuemmerer.login
        )

    def test_kuemmerer_lands_on_the_day_768(self):
        self.browser_size = "768x1024"
        self.touch_enabled = True
        self.start_tour(
            "/odoo", "kuemmerer_landing_kuemmerer", login=self.user_kuemmerer.login
        )

    def test_empty_day(self):
        self.browser_size = "768x1024"
        self.start_tour(
            "/odoo", "kuemmerer_landing_empty_day", login=self.user_idle.login
        )

    def test_staff_land_on_their_hints(self):
        self.browser_size = "1024x768"
        self.start_tour("/odoo", "kuemmerer_landing_staff", login=self.user_staff.login)
        hints = self.env["kuemmerer.hint"].search(
            [("reported_by_id", "=", self.user_staff.id)]
        )
        self.assertEqual(hints.partner_id, self.resident_a | self.resident_b)

    def test_coordinator_lands_on_the_dashboard(self):
        self.browser_size = "1024x768"
        self.start_tour(
            "/odoo", "kuemmerer_landing_coordinator", login=self.user_manager.login
        )

    def test_login_lands_on_the_home_action(self):
        """The login form leads to /odoo, which opens the user's home action:
        the app's landing page (Odoo opens the first app, Discuss, without one)."""
        landing = self.env.ref("kuemmerer_addon.kuemmerer_action_landing")
        for user in (
            self.user_kuemmerer,
            self.user_staff,
            self.user_manager,
            self.user_internal,
        ):
            user.password = "Landung-2026"
            # a new browser session, as web/tests/test_login.py does
            self.session = http.root.session_store.new()
            self.session.update(http.get_default_session(), db=get_db_name())
            self.opener = Opener(self.env.cr)
            self.opener.cookies.set(
                "session_id", self.session.sid, domain=HOST, path="/"
            )
            response = self.url_open(
                "/web/login",
                data={
                    "login": user.login,
                    "password": "Landung-2026",
                    "csrf_token": http.Request.csrf_token(self),
                },
            )
            response.raise_for_status()
            self.assertEqual(response.request.path_url, "/odoo", user.login)
            home = (
                landing.id if user != self.user_internal else "false"
            )  # others: Odoo's default
            self.assertIn(f'"home_action_id": {home}', response.text, user.login)
