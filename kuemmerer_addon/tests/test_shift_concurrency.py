# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests.common import tagged
from odoo.tools import mute_logger

from .concurrency_common import KuemmererConcurrencyCase


@tagged("post_install", "-at_install")
class TestShiftConcurrency(KuemmererConcurrencyCase):
    """Twenty volunteers click "sign up" for the last seat at the same moment,
    each in their own transaction on their own connection, the way Odoo runs
    concurrent requests (REPEATABLE READ, retried on serialization failures).
    Exactly one gets the seat; the others get a clear message."""

    VOLUNTEERS = 20

    @classmethod
    def _setup_committed(cls, env, code):
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
    def _cleanup_committed(cls, env):
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
        env.cr.execute(
            "DELETE FROM kuemmerer_shift_registration WHERE shift_id = %s",
            [shift.id],
        )
        env.cr.execute("DELETE FROM kuemmerer_shift WHERE id = %s", [shift.id])
        env.invalidate_all()
        event.with_context(no_mail_to_attendees=True).unlink()
        env["res.partner"].browse(cls.partner_ids).unlink()
        env["kuemmerer.quarter"].browse(cls.quarter_id).unlink()

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_twenty_volunteers_for_the_last_seat(self):
        def sign_up(env, index):
            shift = env["kuemmerer.shift"].browse(self.shift_id)
            shift._kuemmerer_sign_up(env["res.partner"].browse(self.partner_ids[index]))

        results = [
            "registered" if result == "done" else result
            for result in self._at_once(self.VOLUNTEERS, sign_up, UserError)
        ]

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
