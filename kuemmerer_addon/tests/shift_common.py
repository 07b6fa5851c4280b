# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from .common import KuemmererCommon


class KuemmererShiftCommon(KuemmererCommon):
    """Volunteers in both quarters, each with a portal user, and a helper to
    plan shifts. Tests own their data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "kuemmerer_addon.shift_cancel_hours", "24"
        )
        cls.user_kuemmerer.tz = "Europe/Berlin"
        cls.user_manager.tz = "Europe/Berlin"
        # new_test_user names the partner after the login
        cls.volunteer_partner.write(
            {
                "name": "Vera Ehrenamt",
                "volunteer_state": "active",
                "police_certificate_date": fields.Date.today(),
            }
        )
        cls.volunteer_a2 = cls.env["res.partner"].create(
            {
                "name": "Walter Zweiter",
                "email": "walter@example.org",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": cls.quarter_a.id,
            }
        )
        cls.user_portal_a2 = new_test_user(
            cls.env,
            login="k_portal_a2",
            groups="base.group_portal",
            partner_id=cls.volunteer_a2.id,
        )
        cls.volunteer_a2.name = "Walter Zweiter"
        cls.volunteer_b = cls.env["res.partner"].create(
            {
                "name": "Bettina Brandt",
                "email": "berta.b@example.org",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": cls.quarter_b.id,
            }
        )
        cls.user_portal_b = new_test_user(
            cls.env,
            login="k_portal_b",
            groups="base.group_portal",
            partner_id=cls.volunteer_b.id,
        )
        cls.volunteer_b.name = "Bettina Brandt"
        cls.reminder_alarm = cls.env.ref(
            "kuemmerer_addon.calendar_alarm_shift_reminder"
        )

    @classmethod
    def _create_shift(
        cls, name="Nachbarschaftscafé", days=3, hours=2, publish=False, **values
    ):
        begin = fields.Datetime.now().replace(second=0, microsecond=0) + timedelta(
            days=days
        )
        shift = cls.env["kuemmerer.shift"].create(
            {
                "name": name,
                "quarter_id": cls.quarter_a.id,
                "user_id": cls.user_kuemmerer.id,
                "location": "Ahornweg 5",
                "date_begin": begin,
                "date_end": begin + timedelta(hours=hours),
                **values,
            }
        )
        if publish:
            shift.action_publish()
        return shift

    def _shift(self, *args, **kwargs):
        return self._create_shift(*args, **kwargs)

    def _register(self, shift, partner, **values):
        return self.env["kuemmerer.shift.registration"].create(
            {"shift_id": shift.id, "partner_id": partner.id, **values}
        )

    def _mails(self, partner, subject=None):
        domain = [("recipient_ids", "in", partner.ids)]
        if subject:
            domain.append(("subject", "ilike", subject))
        return self.env["mail.mail"].sudo().search(domain)

    def _ics(self, mail):
        """The text of the .ics attached to ``mail``."""
        attachment = mail.attachment_ids.filtered(
            lambda a: a.mimetype == "text/calendar"
        )
        self.assertEqual(len(attachment), 1, "every mail carries exactly one .ics")
        return base64.b64decode(attachment.datas).decode()
