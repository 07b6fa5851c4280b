# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ValidationError
from odoo.tests.common import tagged
from odoo.tools import mute_logger

from .concurrency_common import KuemmererConcurrencyCase


@tagged("post_install", "-at_install")
class TestTandemVisitConcurrency(KuemmererConcurrencyCase):
    """A volunteer in two tandems logs visits of both at the same moment (two
    phones, a double tap, a bad connection): each in its own transaction, the
    way Odoo runs concurrent requests. The programme's monthly limit over all
    of the volunteer's tandems holds: of four visits of two hours with three
    hours a month allowed, one is logged."""

    ATTEMPTS = 4

    @classmethod
    def _setup_committed(cls, env, code):
        quarter = env["kuemmerer.quarter"].create(
            {"name": f"Quartier {code}", "code": code}
        )
        programme = env.ref("kuemmerer_addon.programme_other")
        cls.programme_hours = programme.hours_month_max
        programme.hours_month_max = 3.0
        residents = env["res.partner"].create(
            [
                {
                    "name": f"Rita {code}",
                    "is_resident": True,
                    "quarter_id": quarter.id,
                },
                {
                    "name": f"Rolf {code}",
                    "is_resident": True,
                    "quarter_id": quarter.id,
                },
            ]
        )
        env["kuemmerer.consent"].create(
            [
                {"partner_id": resident.id, "purpose": "share_volunteers"}
                for resident in residents
            ]
        )
        volunteer = env["res.partner"].create(
            {
                "name": f"Volker {code}",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": quarter.id,
            }
        )
        tandems = env["kuemmerer.tandem"].create(
            [
                {
                    "resident_id": resident.id,
                    "volunteer_id": volunteer.id,
                    "user_id": env.ref("base.user_admin").id,
                    "programme": "other",
                    "independence_confirmed": True,
                }
                for resident in residents
            ]
        )
        for tandem in tandems:
            tandem.action_activate()
        tandems.date_start = fields.Date.today() - relativedelta(months=1)
        cls.quarter_id, cls.partner_ids, cls.tandem_ids = (
            quarter.id,
            (residents | volunteer).ids,
            tandems.ids,
        )

    @classmethod
    def _cleanup_committed(cls, env):
        env.ref("kuemmerer_addon.programme_other").hours_month_max = cls.programme_hours
        tandems = env["kuemmerer.tandem"].browse(cls.tandem_ids)
        tandems.visit_ids.unlink()
        tandems.unlink()
        partners = env["res.partner"].browse(cls.partner_ids)
        env["kuemmerer.contact"].search([("partner_id", "in", partners.ids)]).unlink()
        env["kuemmerer.consent"].search([("partner_id", "in", partners.ids)]).unlink()
        env.cr.execute(
            "DELETE FROM kuemmerer_resident WHERE partner_id IN %s",
            [tuple(partners.ids)],
        )
        env.invalidate_all()
        partners.unlink()
        env["kuemmerer.quarter"].browse(cls.quarter_id).unlink()

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_the_monthly_limit_holds_under_concurrency(self):
        day = fields.Date.today() - timedelta(days=1)

        def log_visit(env, index):
            env["kuemmerer.tandem.visit"].create(
                {"tandem_id": self.tandem_ids[index % 2], "date": day, "hours": 2.0}
            )
            env.flush_all()

        results = [
            "logged" if result == "done" else result
            for result in self._at_once(self.ATTEMPTS, log_visit, ValidationError)
        ]

        self.assertEqual(results.count("logged"), 1, results)
        for message in results:
            if message != "logged":
                self.assertIn("at most 3:00 hours a month", message)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tandems = env["kuemmerer.tandem"].browse(self.tandem_ids)
            self.assertEqual(sum(tandems.visit_ids.mapped("hours")), 2.0)
