# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Query budgets that must not grow with the number of records."""

from odoo.tests import tagged

from .test_help_chain import HelpChainCommon

M2O = {"fields": {"display_name": {}}}
NEED_KANBAN_SPEC = {
    "name": {},
    "partner_id": M2O,
    "category_id": M2O,
    "priority": {},
    "state": {},
    "quarter_id": M2O,
    "date_detected": {},
    "color": {},
    "user_id": M2O,
    "activity_ids": {"fields": {}},
    "activity_state": {},
}
RESIDENT_LIST_SPEC = {
    "display_name": {},
    "quarter_id": M2O,
    "street": {},
    "phone": {},
    "kuemmerer_user_id": M2O,
    "contact_interval_days": {},
    "last_contact_date": {},
    "contact_overdue": {},
    "open_need_count": {},
}


@tagged("post_install", "-at_install", "is_query_count")
class TestQueryBudgets(HelpChainCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.residents = cls.env["res.partner"].create(
            [
                {
                    "name": f"Bewohner {index}",
                    "is_resident": True,
                    "quarter_id": cls.quarter_a.id,
                    "contact_interval_days": 30,
                    "kuemmerer_user_id": cls.user_kuemmerer.id,
                }
                for index in range(40)
            ]
        )
        cls.needs = cls.env["kuemmerer.need"].create(
            [
                {
                    "partner_id": resident.id,
                    "category_id": cls.category.id,
                    "user_id": cls.user_kuemmerer.id,
                }
                for resident in cls.residents
            ]
        )
        for need in cls.needs[:20]:
            need.activity_schedule(
                "mail.mail_activity_data_todo", user_id=cls.user_kuemmerer.id
            )
        cls.env["kuemmerer.contact"].create(
            [
                {"partner_id": resident.id, "channel": "phone"}
                for resident in cls.residents[::2]
            ]
        )

    def _count_queries(self, func, warmup=None):
        (warmup or func)()  # fill the ormcaches (access rights, rules, groups)
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def _web_search_read(self, model, domain, spec, limit):
        records = self.env[model].with_user(self.user_kuemmerer)
        return lambda: records.web_search_read(domain, spec, limit=limit)

    def test_needs_kanban_budget(self):
        small = self._count_queries(
            self._web_search_read(
                "kuemmerer.need",
                [("id", "in", self.needs[:5].ids)],
                NEED_KANBAN_SPEC,
                80,
            )
        )
        large = self._count_queries(
            self._web_search_read(
                "kuemmerer.need", [("id", "in", self.needs.ids)], NEED_KANBAN_SPEC, 80
            )
        )
        self.assertEqual(small, large, "queries grow with the number of needs")
        with self.assertQueryCount(13):
            self._web_search_read("kuemmerer.need", [], NEED_KANBAN_SPEC, 80)()

    def test_residents_list_budget(self):
        small = self._count_queries(
            self._web_search_read(
                "res.partner",
                [("id", "in", self.residents[:5].ids)],
                RESIDENT_LIST_SPEC,
                80,
            )
        )
        large = self._count_queries(
            self._web_search_read(
                "res.partner",
                [("id", "in", self.residents.ids)],
                RESIDENT_LIST_SPEC,
                80,
            )
        )
        self.assertEqual(small, large, "queries grow with the number of residents")
        with self.assertQueryCount(7):
            self._web_search_read(
                "res.partner", [("is_resident", "=", True)], RESIDENT_LIST_SPEC, 80
            )()

    def _list_spec(self, xmlid, user):
        """What the web client reads for a list view: every field of its arch."""
        from lxml import etree

        view = self.env.ref(xmlid)
        Model = self.env[view.model].with_user(user)
        arch = Model.get_views([(view.id, "list")])["views"]["list"]["arch"]
        return {
            node.get("name"): M2O
            if Model._fields[node.get("name")].type == "many2one"
            else {}
            for node in etree.fromstring(arch).iterchildren("field")
        }

    def test_case_file_list_budget(self):
        """The Kümmerer's residents list: their case files, record rules applied."""
        spec = self._list_spec(
            "kuemmerer_addon.kuemmerer_resident_view_list", self.user_kuemmerer
        )
        self.assertIn("open_need_count", spec)
        files = self.env["kuemmerer.resident"].search(
            [("partner_id", "in", self.residents.ids)]
        )
        small = self._count_queries(
            self._web_search_read(
                "kuemmerer.resident", [("id", "in", files[:5].ids)], spec, 80
            )
        )
        large = self._count_queries(
            self._web_search_read(
                "kuemmerer.resident", [("id", "in", files.ids)], spec, 80
            )
        )
        self.assertEqual(small, large, "queries grow with the number of residents")
        with self.assertQueryCount(10):
            self._web_search_read("kuemmerer.resident", [], spec, 80)()

    def test_apply_template_budget(self):
        six_steps = self.env["kuemmerer.help.chain.template"].create(
            {
                "name": "Sechs Schritte",
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": i,
                            "name": f"Schritt {i}",
                            "step_type": "other",
                            "delay_days": i,
                        },
                    )
                    for i in range(6)
                ],
            }
        )
        need_0, need_1, need_2 = self.needs[:3].with_user(self.user_kuemmerer)
        first = self._count_queries(
            lambda: need_1.action_apply_chain_template(six_steps.id),
            warmup=lambda: need_0.action_apply_chain_template(six_steps.id),
        )
        # more existing chains do not make it more expensive
        for need in self.needs[3:13]:
            need.action_apply_chain_template(six_steps.id)
        self.assertLessEqual(first, 40)  # issue budget: 40
        self.env.invalidate_all()
        # with ten chains more: not more than before, and well within the budget
        with self.assertQueryCount(first):
            need_2.action_apply_chain_template(six_steps.id)

    def test_escalation_cron_budget(self):
        from freezegun import freeze_time

        Step = self.env["kuemmerer.help.step"]
        with freeze_time("2026-01-05"):
            for need in self.needs[:3]:
                need.action_apply_chain_template(self.template.id)
        with freeze_time("2026-03-01"):
            few = self._count_queries(Step._cron_escalate_overdue, warmup=lambda: None)
        with freeze_time("2026-01-05"):
            for need in self.needs[3:30]:
                need.action_apply_chain_template(self.template.id)
        with freeze_time("2026-03-01"):
            many = self._count_queries(Step._cron_escalate_overdue, warmup=lambda: None)
            idle = self._count_queries(Step._cron_escalate_overdue, warmup=lambda: None)
        self.assertEqual(len(Step.search([("is_escalated", "=", True)])), 30)
        # per escalated step the cost is constant (one activity each), not per chain
        self.assertLessEqual(
            many, few + 27, "escalation costs more than one query per step"
        )
        self.assertLessEqual(idle, 5)
