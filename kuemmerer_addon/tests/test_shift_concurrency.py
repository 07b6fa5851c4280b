# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestShiftConcurrency(BaseCase):
    """Twenty volunteers click "sign up" for the last seat at the same moment,
    each in their own transaction on their own connection, the way Odoo runs
    concurrent requests (REPEATABLE READ, retried on serialization failures).
    Exactly one gets the seat; the others get a clear message."""

    VOLUNTEERS = 20

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._cleanup)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            code = f"P{uuid.uuid4().hex[:8]}"
            quarter = env["kuemmerer.quarter"].create(
                {"name": f"Quartier {code}", "code": code}
            )
            partners = env["res.partner"].create(
                [
                    {
                        "name": "Parallel %s %02d" % (code, index),
                        "email": "parallel.%s.%02d@example.org" % (code, index),
                        "is_volunteer": True,
                        "volunteer_state": "active",
                        "quarter_id": quarter.id,
                    }
                    for index in range(cls.VOLUNTEERS)
                ]
            )
            begin = fields.Datetime.now().replace(microsecond=0) + timedelta(days=3)
            shift = env["kuemmerer.shift"].create(
                {
                    "name": f"Letzter Platz {code}",
                    "quarter_id": quarter.id,
                    "user_id": env.ref("base.user_admin").id,
                    "seats_max": 1,
                    "date_begin": begin,
                    "date_end": begin + timedelta(hours=2),
                }
            )
            shift.action_publish()
            cls.quarter_id, cls.partner_ids, cls.shift_id = (
                quarter.id,
                partners.ids,
                shift.id,
            )

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            shift = env["kuemmerer.shift"].browse(cls.shift_id)
            event = shift.calendar_event_id
            messages = env["mail.message"].search(
                [
                    "|",
                    "&",
                    ("model", "=", "calendar.event"),
                    ("res_id", "=", event.id),
                    "&",
                    ("model", "=", "kuemmerer.shift"),
                    ("res_id", "=", shift.id),
                ]
            )
            env["mail.mail"].search([("mail_message_id", "in", messages.ids)]).unlink()
            messages.unlink()
            cr.execute(
                "DELETE FROM kuemmerer_shift_registration WHERE shift_id = %s",
                [shift.id],
            )
            cr.execute("DELETE FROM kuemmerer_shift WHERE id = %s", [shift.id])
            env.invalidate_all()
            event.with_context(no_mail_to_attendees=True).unlink()
            env["res.partner"].browse(cls.partner_ids).unlink()
            env["kuemmerer.quarter"].browse(cls.quarter_id).unlink()

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_twenty_volunteers_for_the_last_seat(self):
        barrier = threading.Barrier(self.VOLUNTEERS)

        def sign_up(partner_id):
            # no real e-mail from these threads
            threading.current_thread().testing = True
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(timeout=30)

                def attempt():
                    shift = env["kuemmerer.shift"].browse(self.shift_id)
                    shift._kuemmerer_sign_up(env["res.partner"].browse(partner_id))

                try:
                    retrying(attempt, env)
                except UserError as error:
                    return str(error)
                return "registered"

        with ThreadPoolExecutor(max_workers=self.VOLUNTEERS) as executor:
            results = list(executor.map(sign_up, self.partner_ids, timeout=120))

        self.assertEqual(results.count("registered"), 1, results)
        refused = [result for result in results if result != "registered"]
        self.assertEqual(len(refused), self.VOLUNTEERS - 1)
        for message in refused:
            self.assertEqual(
                message,
                "All seats for this shift are taken. Please choose another date.",
            )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            shift = env["kuemmerer.shift"].browse(self.shift_id)
            self.assertEqual(len(shift.registration_ids), 1)
            self.assertEqual((shift.seats_taken, shift.seats_available), (1, 0))
            winner = shift.registration_ids.partner_id
            self.assertEqual(
                shift.calendar_event_id.partner_ids - shift.user_id.partner_id, winner
            )
