# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every path by which Art. 9 data (health, care, living situation) could
leave, tried over JSON-RPC and HTTP as an external client would, for each
role that must not see it: staff (who reported a hint about the resident),
the Kümmerer of another quarter, a portal volunteer. Every secret text of the
fixture contains SECRET; no answer may contain it."""

import base64
import json

from odoo.tests import HttpCase, new_test_user, tagged

SECRET = "SECRET"


@tagged("post_install", "-at_install")
class TestArt9Paths(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = "base.group_user,base.group_allow_export"
        kuemmerer = f"{user},kuemmerer_addon.group_kuemmerer_user"
        groups = {
            "a9_kuemmerer": kuemmerer,
            "a9_other": kuemmerer,
            "a9_staff": f"{user},kuemmerer_addon.group_kuemmerer_staff",
        }
        cls.users = {
            login: new_test_user(cls.env, login=login, groups=g)
            for login, g in groups.items()
        }
        quarter_a = cls.env["kuemmerer.quarter"].create(
            {
                "name": "Art9 A",
                "code": "A9A",
                "user_ids": [(4, cls.users["a9_kuemmerer"].id)],
            }
        )
        cls.env["kuemmerer.quarter"].create(
            {
                "name": "Art9 B",
                "code": "A9B",
                "user_ids": [(4, cls.users["a9_other"].id)],
            }
        )
        volunteer = cls.env["res.partner"].create(
            {
                "name": "Vroni Volunteer",
                "email": "vroni@example.org",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": quarter_a.id,
            }
        )
        cls.users["a9_portal"] = new_test_user(
            cls.env,
            login="a9_portal",
            groups="base.group_portal",
            partner_id=volunteer.id,
        )
        cls.file = cls.env["kuemmerer.resident"].create(
            {
                "name": "Anna Artneun",
                "quarter_id": quarter_a.id,
                "birthdate": "1937-01-01",
                "lives_alone": True,
                "reach_note": "SECRET-REACH",
                "mobility": "housebound",
            }
        )
        cls.resident = cls.file.partner_id
        category = cls.env.ref("kuemmerer_addon.need_category_loneliness")
        # staff reported a hint about the resident
        wizard = (
            cls.env["kuemmerer.hint.wizard"]
            .with_user(cls.users["a9_staff"])
            .create(
                {
                    "partner_id": cls.resident.id,
                    "category_id": category.id,
                    "text": "SECRET-HINT",
                }
            )
        )
        wizard.action_confirm()
        cls.need = cls.env["kuemmerer.need"].search(
            [("partner_id", "=", cls.resident.id)]
        )
        cls.need.write({"priority": "3"})  # a tracked change
        Need = cls.need.with_user(cls.users["a9_kuemmerer"])
        Need.message_post(
            body="SECRET-NOTE Diagnose",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "SECRET-FILE.txt",
                "res_model": "kuemmerer.need",
                "res_id": cls.need.id,
                "datas": base64.b64encode(b"SECRET-ATTACHMENT Arztbrief"),
                "mimetype": "text/plain",
            }
        )
        Need.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=cls.users["a9_kuemmerer"].id,
            note="SECRET-ACTIVITY",
        )
        cls.contact = cls.env["kuemmerer.contact"].create(
            {
                "partner_id": cls.resident.id,
                "channel": "visit",
                "summary": "SECRET-CONTACT",
            }
        )
        cls.visit = cls.env["kuemmerer.visit"].create(
            {
                "partner_id": cls.resident.id,
                "user_id": cls.users["a9_kuemmerer"].id,
                "note": "SECRET-VISIT",
            }
        )
        cls.file.message_post(
            body="SECRET-FILE-NOTE",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        # a public hint about the resident, to the Kümmerer of quarter A
        cls.intake = (
            cls.env["kuemmerer.intake"]
            .with_user(cls.env.ref("base.public_user"))
            ._kuemmerer_receive(
                {
                    "kind": "worry",
                    "quarter_id": quarter_a.id,
                    "about": "SECRET-ABOUT Anna",
                    "message": "SECRET-INTAKE",
                    "contact_name": "SECRET-SENDER",
                }
            )
        )
        # a running tandem of the portal volunteer: its agreement and the visits'
        # notes stay with the Kümmerer, also for the volunteer
        cls.tandem = cls.env["kuemmerer.tandem"].create(
            {
                "resident_id": cls.resident.id,
                "volunteer_id": volunteer.id,
                "programme": "other",
                "user_id": cls.users["a9_kuemmerer"].id,
                "agreement": "SECRET-TANDEM",
            }
        )
        cls.tandem.with_context(kuemmerer_tandem_state=True).write(
            {"state": "active", "date_start": "2020-01-01"}
        )
        cls.env["kuemmerer.tandem.visit"].create(
            {
                "tandem_id": cls.tandem.id,
                "date": "2025-01-02",
                "hours": 1,
                "note": "SECRET-TANDEM-VISIT",
            }
        )
        # a network partner answered a referral (issue 19)
        chain = cls.env["kuemmerer.help.chain"].create(
            {
                "need_id": cls.need.id,
                "step_ids": [(0, 0, {"name": "Vermitteln", "step_type": "referral"})],
            }
        )
        cls.step = chain.step_ids
        cls.step.sudo().write(
            {"referral_state": "accepted", "referral_answer": "SECRET-REFERRAL"}
        )

    def _rpc(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        return self._json(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _json(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.text

    def _calls(self):
        need, file, partner = self.need.id, self.file.id, self.resident.id
        return [
            # the need
            ("kuemmerer.need", "read", [[need], ["name", "description"]], {}),
            ("kuemmerer.need", "search_read", [[]], {"fields": ["description"]}),
            (
                "kuemmerer.need",
                "web_read",
                [[need]],
                {
                    "specification": {
                        "description": {},
                        "contact_ids": {"fields": {"summary": {}}},
                        "message_ids": {"fields": {"body": {}}},
                        "activity_ids": {"fields": {"note": {}}},
                    }
                },
            ),
            (
                "kuemmerer.need",
                "web_search_read",
                [[]],
                {"specification": {"description": {}}},
            ),
            (
                "kuemmerer.need",
                "read_group",
                [[], ["description"], ["description"]],
                {},
            ),
            (
                "kuemmerer.need",
                "web_read_group",
                [[], ["description:array_agg"], ["category_id"]],
                {},
            ),
            (
                "kuemmerer.need",
                "export_data",
                [[need], ["description", "contact_ids/summary"]],
                {},
            ),
            ("kuemmerer.need", "name_search", [], {"name": "SECRET"}),
            (
                "kuemmerer.need",
                "search_count",
                [[["description", "ilike", SECRET]]],
                {},
            ),
            # the network partner's answer to a referral
            ("kuemmerer.help.step", "read", [[self.step.id], ["referral_answer"]], {}),
            (
                "kuemmerer.help.step",
                "search_read",
                [[]],
                {"fields": ["referral_answer"]},
            ),
            (
                "kuemmerer.help.step",
                "search_count",
                [[["referral_answer", "ilike", SECRET]]],
                {},
            ),
            # the case file
            ("kuemmerer.resident", "read", [[file], ["reach_note", "birthdate"]], {}),
            (
                "kuemmerer.resident",
                "search_read",
                [[["reach_note", "ilike", SECRET]]],
                {"fields": ["reach_note"]},
            ),
            (
                "kuemmerer.resident",
                "web_read",
                [[file]],
                {
                    "specification": {
                        "reach_note": {},
                        "message_ids": {"fields": {"body": {}}},
                    }
                },
            ),
            (
                "kuemmerer.resident",
                "read_group",
                [[], ["reach_note"], ["reach_note"]],
                {},
            ),
            (
                "kuemmerer.resident",
                "export_data",
                [[file], ["reach_note", "attention_reason"]],
                {},
            ),
            # from the partner, which everybody reads
            (
                "res.partner",
                "web_read",
                [[partner]],
                {
                    "specification": {
                        "kuemmerer_resident_ids": {
                            "fields": {"reach_note": {}, "attention_reason": {}}
                        },
                        "need_ids": {"fields": {"description": {}}},
                        "contact_ids": {"fields": {"summary": {}}},
                        "message_ids": {"fields": {"body": {}}},
                    }
                },
            ),
            (
                "res.partner",
                "search_read",
                [[["kuemmerer_resident_ids.reach_note", "ilike", SECRET]]],
                {"fields": ["name"]},
            ),
            (
                "res.partner",
                "search_read",
                [[["need_ids.description", "ilike", SECRET]]],
                {"fields": ["name"]},
            ),
            (
                "res.partner",
                "export_data",
                [
                    [partner],
                    [
                        "kuemmerer_resident_ids/reach_note",
                        "need_ids/description",
                        "contact_ids/summary",
                    ],
                ],
                {},
            ),
            # public hints
            (
                "kuemmerer.intake",
                "read",
                [[self.intake.id], ["message", "about", "contact_name"]],
                {},
            ),
            (
                "kuemmerer.intake",
                "search_read",
                [[]],
                {"fields": ["message", "about", "contact_name"]},
            ),
            (
                "kuemmerer.intake",
                "web_read_group",
                [[], ["message:array_agg"], ["quarter_id"]],
                {},
            ),
            (
                "kuemmerer.intake",
                "export_data",
                [[self.intake.id], ["message", "about"]],
                {},
            ),
            ("kuemmerer.intake", "search_count", [[["message", "ilike", SECRET]]], {}),
            # the other casework
            ("kuemmerer.contact", "search_read", [[]], {"fields": ["summary"]}),
            ("kuemmerer.visit", "search_read", [[]], {"fields": ["note"]}),
            ("kuemmerer.tandem", "search_read", [[]], {"fields": ["agreement"]}),
            (
                "kuemmerer.tandem",
                "web_read",
                [[self.tandem.id]],
                {
                    "specification": {
                        "agreement": {},
                        "visit_ids": {"fields": {"note": {}}},
                        "message_ids": {"fields": {"body": {}}},
                    }
                },
            ),
            ("kuemmerer.tandem.visit", "search_read", [[]], {"fields": ["note"]}),
            ("kuemmerer.tandem.visit", "read_group", [[], ["note"], ["note"]], {}),
            (
                "kuemmerer.tandem.visit",
                "export_data",
                [self.tandem.visit_ids.ids, ["note", "tandem_id/agreement"]],
                {},
            ),
            # chatter, activities, tracking, attachments
            (
                "mail.message",
                "search_read",
                [[["body", "ilike", SECRET]]],
                {"fields": ["body"]},
            ),
            (
                "mail.message",
                "search_read",
                [[["model", "in", ["kuemmerer.need", "kuemmerer.resident"]]]],
                {"fields": ["body", "tracking_value_ids"]},
            ),
            (
                "mail.activity",
                "search_read",
                [[]],
                {"fields": ["note", "summary", "res_name"]},
            ),
            (
                "mail.tracking.value",
                "search_read",
                [[]],
                {"fields": ["old_value_char", "new_value_char"]},
            ),
            (
                "ir.attachment",
                "search_read",
                [[["res_model", "=", "kuemmerer.need"]]],
                {"fields": ["name", "datas", "index_content"]},
            ),
            ("ir.attachment", "read", [[self.attachment.id], ["name", "datas"]], {}),
            (
                "ir.attachment",
                "search_read",
                [[["index_content", "ilike", SECRET]]],
                {"fields": ["name"]},
            ),
        ]

    def _http(self, login):
        """What plain HTTP hands out: files, the chatter's data, reports."""
        self.authenticate(login, login)
        answers = [
            self.url_open(f"/web/content/{self.attachment.id}").text,
            self.url_open(f"/web/content/{self.attachment.id}?download=true").text,
            self._json(
                "/mail/thread/data",
                {
                    "thread_model": "kuemmerer.need",
                    "thread_id": self.need.id,
                    "request_list": ["attachments", "followers", "activities"],
                },
            ),
            self._json(
                "/mail/thread/messages",
                {"thread_model": "kuemmerer.need", "thread_id": self.need.id},
            ),
            self._json(
                "/mail/thread/data",
                {
                    "thread_model": "kuemmerer.resident",
                    "thread_id": self.file.id,
                    "request_list": ["attachments", "followers", "activities"],
                },
            ),
            self._json(
                "/mail/thread/messages",
                {"thread_model": "kuemmerer.resident", "thread_id": self.file.id},
            ),
            self.url_open(
                f"/report/html/kuemmerer_addon.report_kuemmerer_privacy/{self.resident.id}"
            ).text,
            self.url_open(f"/kuemmerer/privacy/{self.resident.id}/json").text,
            # the volunteer's own pages show the visits, never their notes
            self.url_open("/my/kuemmerer/tandems").text,
            self.url_open("/my/kuemmerer/month?month=2025-01").text,
        ]
        return answers

    def test_no_secret_leaves_for_forbidden_roles(self):
        for login in ("a9_staff", "a9_other", "a9_portal"):
            for model, method, args, kwargs in self._calls():
                with self.subTest(login=login, model=model, method=method, args=args):
                    answer = self._rpc(login, model, method, args, kwargs)
                    self.assertNotIn(SECRET, answer)
            for position, answer in enumerate(self._http(login)):
                with self.subTest(login=login, http=position):
                    self.assertNotIn(SECRET, answer)

    def test_the_kuemmerer_of_the_quarter_reads_it(self):
        """The same paths do work for the resident's Kümmerer: the test
        above would pass for an addon that shows nothing at all."""
        answer = self._rpc(
            "a9_kuemmerer", "kuemmerer.need", "read", [[self.need.id], ["description"]]
        )
        self.assertIn("SECRET-HINT", answer)
        answer = self._rpc(
            "a9_kuemmerer", "kuemmerer.intake", "read", [[self.intake.id], ["message"]]
        )
        self.assertIn("SECRET-INTAKE", answer)
        answer = self._rpc(
            "a9_kuemmerer",
            "kuemmerer.help.step",
            "read",
            [[self.step.id], ["referral_answer"]],
        )
        self.assertIn("SECRET-REFERRAL", answer)
        answer = self._rpc(
            "a9_kuemmerer",
            "kuemmerer.resident",
            "read",
            [[self.file.id], ["reach_note"]],
        )
        self.assertIn("SECRET-REACH", answer)
        answer = self._rpc(
            "a9_kuemmerer",
            "kuemmerer.tandem",
            "web_read",
            [[self.tandem.id]],
            {"specification": {"agreement": {}, "visit_ids": {"fields": {"note": {}}}}},
        )
        self.assertIn("SECRET-TANDEM", answer)
        self.assertIn("SECRET-TANDEM-VISIT", answer)
        answer = self._rpc(
            "a9_kuemmerer",
            "res.partner",
            "web_read",
            [[self.resident.id]],
            {
                "specification": {
                    "kuemmerer_resident_ids": {"fields": {"reach_note": {}}}
                }
            },
        )
        self.assertIn("SECRET-REACH", answer)
        self.authenticate("a9_kuemmerer", "a9_kuemmerer")
        self.assertIn(
            "SECRET-ATTACHMENT",
            self.url_open(f"/web/content/{self.attachment.id}").text,
        )
        answer = self._json(
            "/mail/thread/messages",
            {"thread_model": "kuemmerer.need", "thread_id": self.need.id},
        )
        self.assertIn("SECRET-NOTE", answer)
