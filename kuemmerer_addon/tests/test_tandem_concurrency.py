# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestTandemVisitConcurrency(BaseCase):
    """A volunteer in two tandems logs visits of both at the same moment (two
    phones, a double tap, a bad connection): each in its own transaction, the
    way Odoo runs concurrent requests. The programme's monthly limit over all
    of the volunteer's tandems holds: of four visits of two hours with three
    hours a month allowed, one is logged."""

    ATTEMPTS = 4

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._cleanup)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            code = f"T{uuid.uuid4().hex[:8]}"
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
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.ref(
                "kuemmerer_addon.programme_other"
            ).hours_month_max = cls.programme_hours
            tandems = env["kuemmerer.tandem"].browse(cls.tandem_ids)
            tandems.visit_ids.unlink()
            tandems.unlink()
            partners = env["res.partner"].browse(cls.partner_ids)
            env["kuemmerer.contact"].search(
                [("partner_id", "in", partners.ids)]
            ).unlink()
            env["kuemmerer.consent"].search(
                [("partner_id", "in", partners.ids)]
            ).unlink()
            cr.execute(
                "DELETE FROM kuemmerer_resident WHERE partner_id IN %s",
                [tuple(partners.ids)],
            )
            env.invalidate_all()
            partners.unlink()
            env["kuemmerer.quarter"].browse(cls.quarter_id).unlink()

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_the_monthly_limit_holds_under_concurrency(self):
        barrier = threading.Barrier(self.ATTEMPTS)
        day = fields.Date.today() - timedelta(days=1)

        def log_visit(index):
            threading.current_thread().testing = True
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(timeout=30)

                def attempt():
                    env["kuemmerer.tandem.visit"].create(
                        {
                            "tandem_id": self.tandem_ids[index % 2],
                            "date": day,
                            "hours": 2.0,
                        }
                    )
                    env.flush_all()

                try:
                    retrying(attempt, env)
                except ValidationError as error:
                    cr.rollback()  # as Odoo does with a request that fails
                    return str(error)
                return "logged"

        with ThreadPoolExecutor(max_workers=self.ATTEMPTS) as executor:
            results = list(executor.map(log_visit, range(self.ATTEMPTS), timeout=120))

        self.assertEqual(results.count("logged"), 1, results)
        for message in results:
            if message != "logged":
                self.assertIn("at most 3:00 hours a month", message)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tandems = env["kuemmerer.tandem"].browse(self.tandem_ids)
            self.assertEqual(sum(tandems.visit_ids.mapped("hours")), 2.0)
