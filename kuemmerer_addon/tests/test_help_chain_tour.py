# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHelpChainTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tour_kuemmerer",
            name="Tina Tour",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_user",
            email="tina@example.org",
        )
        quarter = cls.env["kuemmerer.quarter"].create(
            {"name": "Tourquartier", "code": "TQ", "user_ids": [(4, cls.user.id)]}
        )
        service = cls.env.ref("kuemmerer_addon.service_type_pflegeberatung")
        cls.provider = cls.env["res.partner"].create(
            {
                "name": "Pflegeberatung Süd",
                "is_provider": True,
                "is_company": True,
                "email": "beratung@pflege-sued.example",
                "service_type_ids": [(6, 0, service.ids)],
                "service_quarter_ids": [(6, 0, quarter.ids)],
            }
        )
        template = cls.env["kuemmerer.help.chain.template"].create(
            {
                "name": "Testkette",
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": 1,
                            "name": "Anrufen",
                            "step_type": "contact_resident",
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "sequence": 2,
                            "name": "Vermitteln",
                            "step_type": "referral",
                            "service_type_id": service.id,
                            "delay_days": 3,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "sequence": 3,
                            "name": "Nachfragen",
                            "step_type": "follow_up",
                            "delay_days": 14,
                        },
                    ),
                ],
            }
        )
        category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        category.chain_template_id = template
        cls.resident = cls.env["res.partner"].create(
            {
                "name": "Anna Althaus",
                "is_resident": True,
                "quarter_id": quarter.id,
                "street": "Lindenstraße 1",
                "phone": "0123 456",
            }
        )
        cls.env["kuemmerer.consent"].create(
            {"partner_id": cls.resident.id, "purpose": "share_providers"}
        )
        cls.need = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident.id,
                "category_id": category.id,
                "user_id": cls.user.id,
            }
        )

    def test_help_chain_tour(self):
        self.start_tour(
            "/odoo/action-kuemmerer_addon.kuemmerer_need_action",
            "kuemmerer_help_chain_tour",
            login="tour_kuemmerer",
        )
        self.need.invalidate_recordset()
        self.assertEqual(self.need.state, "in_progress")
        steps = self.need.step_ids.sorted("sequence")
        self.assertEqual(steps.mapped("state"), ["done", "done", "todo"])
        self.assertEqual(steps[1].provider_id, self.provider)
        self.assertTrue(steps[1].date_sent)
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.provider.ids)]
        )
        self.assertEqual(len(mail), 1)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "kuemmerer.need"), ("res_id", "=", self.need.id)]
        )
        self.assertEqual(activities.summary, "Nachfragen")
        # opening the need showed its confidential description: that was logged
        logs = self.env["kuemmerer.access.log"].search(
            [("res_model", "=", "kuemmerer.need"), ("res_id", "=", self.need.id)]
        )
        self.assertTrue(logs)
        self.assertEqual(logs.user_id, self.user)
