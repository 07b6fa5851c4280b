# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The access matrix through JSON-RPC, as an external client sees it."""

import json

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAccessRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = "base.group_user,base.group_allow_export"
        kuemmerer = f"{user},kuemmerer_addon.group_kuemmerer_user"
        groups = {
            "rpc_manager": f"{user},kuemmerer_addon.group_kuemmerer_manager",
            "rpc_kuemmerer": kuemmerer,
            "rpc_kuemmerer_b": kuemmerer,
            "rpc_staff": f"{user},kuemmerer_addon.group_kuemmerer_staff",
            "rpc_internal": user,
            "rpc_portal": "base.group_portal",
        }
        cls.users = {
            login: new_test_user(cls.env, login=login, groups=g)
            for login, g in groups.items()
        }
        quarter_a = cls.env["kuemmerer.quarter"].create(
            {
                "name": "RPC A",
                "code": "RA",
                "user_ids": [(4, cls.users["rpc_kuemmerer"].id)],
            }
        )
        cls.env["kuemmerer.quarter"].create(
            {
                "name": "RPC B",
                "code": "RB",
                "user_ids": [(4, cls.users["rpc_kuemmerer_b"].id)],
            }
        )
        resident = cls.env["res.partner"].create(
            {"name": "Rita RPC", "is_resident": True, "quarter_id": quarter_a.id}
        )
        category = cls.env.ref("kuemmerer_addon.need_category_loneliness")
        cls.need = cls.env["kuemmerer.need"].create(
            {
                "partner_id": resident.id,
                "category_id": category.id,
                "description": "Geheim RPC",
            }
        )
        cls.contact = cls.env["kuemmerer.contact"].create(
            {"partner_id": resident.id, "summary": "Geheim Gespräch"}
        )

    def _call(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        return self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()

    def _allowed(self, response):
        return "error" not in response

    def test_search_read_read_group_export(self):
        expectations = {
            # login: (may read the need, may read its description)
            "rpc_manager": (True, True),
            "rpc_kuemmerer": (True, True),
            "rpc_kuemmerer_b": (False, False),
            "rpc_staff": (False, False),
            "rpc_internal": (False, False),
            "rpc_portal": (False, False),
        }
        for login, (may_read, may_read_text) in expectations.items():
            with self.subTest(login=login):
                found = self._call(
                    login,
                    "kuemmerer.need",
                    "search_read",
                    [[["id", "=", self.need.id]]],
                    {"fields": ["name", "state"]},
                )
                visible = self._allowed(found) and bool(found["result"])
                self.assertEqual(visible, may_read)
                text = self._call(
                    login,
                    "kuemmerer.need",
                    "search_read",
                    [[["id", "=", self.need.id]]],
                    {"fields": ["description"]},
                )
                self.assertEqual(
                    self._allowed(text)
                    and bool(text["result"])
                    and text["result"][0]["description"] == "Geheim RPC",
                    may_read_text,
                )
                grouped = self._call(
                    login,
                    "kuemmerer.need",
                    "read_group",
                    [[], ["state"], ["category_id"]],
                )
                count = (
                    sum(g["category_id_count"] for g in grouped["result"])
                    if self._allowed(grouped)
                    else 0
                )
                self.assertEqual(count >= 1, may_read)
                exported = self._call(
                    login,
                    "kuemmerer.need",
                    "export_data",
                    [[self.need.id], ["name", "description"]],
                )
                self.assertEqual(
                    self._allowed(exported) and "Geheim RPC" in str(exported["result"]),
                    may_read_text,
                )
                summary = self._call(
                    login, "kuemmerer.contact", "read", [[self.contact.id], ["summary"]]
                )
                self.assertEqual(
                    self._allowed(summary)
                    and summary["result"][0]["summary"] == "Geheim Gespräch",
                    may_read_text,
                )

    def test_staff_sensitive_fields_refused(self):
        response = self._call(
            "rpc_staff",
            "kuemmerer.resident",
            "search_read",
            [[["name", "=", "Rita RPC"]]],
            {"fields": ["name", "lives_alone"]},
        )
        self.assertFalse(self._allowed(response))
        self.assertIn("AccessError", str(response["error"]))
        response = self._call(
            "rpc_staff",
            "res.partner",
            "search_read",
            [[["name", "=", "Rita RPC"]]],
            {"fields": ["name", "is_resident", "quarter_id"]},
        )
        self.assertEqual(response["result"][0]["name"], "Rita RPC")
