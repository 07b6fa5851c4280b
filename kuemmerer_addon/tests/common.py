# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class KuemmererCommon(TransactionCase):
    """One user per role of the security model, two quarters, a few residents.

    Tests own their data: nothing here relies on demo records.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_manager = new_test_user(
            cls.env,
            login="k_manager",
            name="Maria Koordinatorin",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_manager",
            email="manager@example.org",
        )
        cls.user_kuemmerer = new_test_user(
            cls.env,
            login="k_user",
            name="Katrin Kümmerin",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_user",
            email="kuemmerer@example.org",
        )
        cls.user_kuemmerer_b = new_test_user(
            cls.env,
            login="k_user_b",
            name="Bernd Anderer",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_user",
            email="kuemmerer.b@example.org",
        )
        cls.user_staff = new_test_user(
            cls.env,
            login="k_staff",
            name="Sven Verwaltung",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_staff",
            email="staff@example.org",
        )
        cls.user_internal = new_test_user(
            cls.env,
            login="k_internal",
            name="Ingo Intern",
            groups="base.group_user",
            email="internal@example.org",
        )
        cls.quarter_a = cls.env["kuemmerer.quarter"].create(
            {
                "name": "Quartier A",
                "code": "QA",
                "user_ids": [(4, cls.user_kuemmerer.id)],
            }
        )
        cls.quarter_b = cls.env["kuemmerer.quarter"].create(
            {
                "name": "Quartier B",
                "code": "QB",
                "user_ids": [(4, cls.user_kuemmerer_b.id)],
            }
        )
        cls.volunteer_partner = cls.env["res.partner"].create(
            {
                "name": "Vera Ehrenamt",
                "email": "vera@example.org",
                "is_volunteer": True,
                "quarter_id": cls.quarter_a.id,
            }
        )
        cls.user_portal = new_test_user(
            cls.env,
            login="k_portal",
            groups="base.group_portal",
            partner_id=cls.volunteer_partner.id,
        )
        cls.user_portal_other = new_test_user(
            cls.env,
            login="k_portal_other",
            name="Paul Portal",
            groups="base.group_portal",
            email="paul@example.org",
        )
        cls.resident_a = cls.env["res.partner"].create(
            {
                "name": "Anna Althaus",
                "is_resident": True,
                "quarter_id": cls.quarter_a.id,
                "street": "Lindenstraße 1",
                "phone": "0123 456",
                "email": "anna@example.org",
            }
        )
        cls.resident_b = cls.env["res.partner"].create(
            {"name": "Berta Bach", "is_resident": True, "quarter_id": cls.quarter_b.id}
        )

    @classmethod
    def _resident(cls, **vals):
        """A resident with their case file (care data such as ``lives_alone``
        or ``birthdate`` goes to the file); returns the res.partner."""
        return cls.env["kuemmerer.resident"].create(vals).partner_id

    @staticmethod
    def _file(partner):
        """The case file of a resident partner (as superuser)."""
        return partner.sudo().kuemmerer_resident_ids.with_env(partner.env)

    @contextmanager
    def assertRaisesMessage(self, exception, regex):
        """assertRaises (which rolls back to a savepoint, so a test can check
        that nothing was written) plus a check of the message."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)
