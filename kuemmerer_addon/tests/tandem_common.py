# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields

from .common import KuemmererCommon


class KuemmererTandemCommon(KuemmererCommon):
    """A resident of 70 without a care level, who agreed to share with
    volunteers, and an active volunteer; a proposed tandem of both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.volunteer_partner.write(
            {"volunteer_state": "active", "street": "Ahornweg 9"}
        )
        cls._file(cls.resident_a).write(
            {"birthdate": cls.today - relativedelta(years=70), "care_level": "none"}
        )
        cls.env["kuemmerer.consent"].create(
            {"partner_id": cls.resident_a.id, "purpose": "share_volunteers"}
        )
        cls.confidentiality = cls.env.ref(
            "kuemmerer_addon.qualification_confidentiality"
        )
        cls.env["kuemmerer.volunteer.qualification"].create(
            {
                "partner_id": cls.volunteer_partner.id,
                "qualification_id": cls.confidentiality.id,
            }
        )
        cls.tandem = cls.env["kuemmerer.tandem"].create(
            {
                "resident_id": cls.resident_a.id,
                "volunteer_id": cls.volunteer_partner.id,
                "user_id": cls.user_kuemmerer.id,
                "independence_confirmed": True,
            }
        )

    @classmethod
    def _active_tandem(cls):
        cls.tandem.action_activate()
        cls.tandem.date_start = cls.today.replace(day=1) - relativedelta(months=2)
        return cls.tandem

    @staticmethod
    def _month_start(day):
        return date(day.year, day.month, 1)
