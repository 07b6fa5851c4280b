# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import re
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .german import load_german
from .test_help_chain import HelpChainCommon

ADDON = Path(__file__).resolve().parent.parent


@tagged("post_install", "-at_install")
class TestAccessLog(HelpChainCommon):
    def _logs(self):
        self.env.cr.precommit.run()  # the log is written once per request, at commit
        return self.env["kuemmerer.access.log"].sudo().search([], order="id")

    def test_reading_sensitive_fields_is_logged_once_per_request(self):
        needs = self.env["kuemmerer.need"].create(
            [
                {
                    "partner_id": self.resident_a.id,
                    "category_id": self.category.id,
                    "description": f"Text {i}",
                }
                for i in range(5)
            ]
        )
        self.assertFalse(self._logs(), "reads as superuser are not logged")
        Need = self.env["kuemmerer.need"].with_user(self.user_kuemmerer)
        Need.browse(needs.ids).read(["name", "state"])
        self.assertFalse(self._logs(), "non-sensitive reads are not logged")
        queries_before = self.env.cr.sql_log_count
        Need.browse(needs.ids).read(["description"])
        Need.search_read([("id", "in", needs.ids)], ["description", "name"])
        self.env.cr.precommit.run()
        logs = self._logs()
        self.assertEqual(len(logs), 10)
        self.assertEqual(set(logs.mapped("res_id")), set(needs.ids))
        self.assertEqual(set(logs.mapped("field_names")), {"description"})
        self.assertEqual(logs.user_id, self.user_kuemmerer)
        self.assertEqual(logs.partner_id, self.resident_a)
        # two reads, one partner lookup each, one INSERT for the whole request
        self.assertLessEqual(self.env.cr.sql_log_count - queries_before, 10)

    def test_contact_and_step_reads_are_logged(self):
        contact = self.env["kuemmerer.contact"].create(
            {"partner_id": self.resident_a.id, "summary": "x"}
        )
        contact.with_user(self.user_kuemmerer).read(["summary"])
        chain = self._need().action_apply_chain_template(self.template.id)
        chain.step_ids.with_user(self.user_kuemmerer).read(["outcome"])
        logs = self._logs()
        self.assertEqual(
            set(logs.mapped("res_model")), {"kuemmerer.contact", "kuemmerer.help.step"}
        )
        self.assertEqual(len(logs), 1 + len(chain.step_ids))

    def test_export_is_logged(self):
        need = self._need()
        self.user_kuemmerer.groups_id += self.env.ref("base.group_allow_export")
        need.with_user(self.user_kuemmerer).export_data(["name", "description"])
        log = self._logs()
        self.assertEqual(log.operation, "export")

    def test_nobody_edits_the_log(self):
        self._need().with_user(self.user_kuemmerer).read(["description"])
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.with_user(self.user_manager).user_id, self.user_kuemmerer)
        for user in (self.user_manager, self.user_kuemmerer, self.user_staff):
            with self.assertRaises(AccessError):
                log.with_user(user).write({"field_names": "nichts"})
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["kuemmerer.access.log"].with_user(user).create(
                    {"res_model": "x"}
                )
        with self.assertRaises(AccessError):
            log.with_user(self.user_kuemmerer).read(["user_id"])


@tagged("post_install", "-at_install")
class TestRetention(HelpChainCommon):
    def test_retention_reports_every_backlog(self):
        """A backlog of old contacts (not only of needs) is reported as
        remaining, so Odoo runs the job again the same night."""
        with freeze_time("2021-03-01"):
            self.env["kuemmerer.contact"].create(
                [
                    {
                        "partner_id": self.resident_a.id,
                        "summary": f"alt {index}",
                    }
                    for index in range(3)
                ]
            )
        progress = []
        self.patch(
            type(self.env["ir.cron"]),
            "_notify_progress",
            lambda cron, done, remaining, deactivate=False: progress.append(
                (done, remaining)
            ),
        )
        self.env["kuemmerer.privacy"]._cron_retention(batch_size=2)
        self.assertEqual(progress[-1], (2, 1))
        self.env["kuemmerer.privacy"]._cron_retention(batch_size=2)
        self.assertEqual(progress[-1], (1, 0))

    def test_retention_erases_texts_and_keeps_facts(self):
        with freeze_time("2021-03-01"):
            old = self.env["kuemmerer.need"].create(
                {
                    "partner_id": self.resident_a.id,
                    "category_id": self.category.id,
                    "description": "alt",
                }
            )
            old.message_post(
                body="Notiz alt", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            old.action_resolve()
            old_contact = self.env["kuemmerer.contact"].create(
                {"partner_id": self.resident_a.id, "summary": "altes Gespräch"}
            )
        with freeze_time("2025-01-01"):
            recent = self.env["kuemmerer.need"].create(
                {
                    "partner_id": self.resident_a.id,
                    "category_id": self.category.id,
                    "description": "neu",
                }
            )
            recent.action_resolve()
            new_contact = self.env["kuemmerer.contact"].create(
                {"partner_id": self.resident_a.id, "summary": "neues Gespräch"}
            )
        with freeze_time("2021-05-01"):
            checklist = self.env["kuemmerer.checklist"].create(
                {
                    "name": "Alt",
                    "question_ids": [
                        (0, 0, {"name": "Allein?", "category_id": self.category.id})
                    ],
                }
            )
            old_visit = self.env["kuemmerer.visit"].create(
                {
                    "partner_id": self.resident_a.id,
                    "user_id": self.user_kuemmerer.id,
                    "checklist_id": checklist.id,
                    "date": "2021-05-01 09:00:00",
                    "note": "alte Notiz",
                }
            )
            old_visit.answer_ids.write({"answer": "no", "note": "alte Antwortnotiz"})
            old_visit.state = "done"
        with freeze_time("2026-06-01"):
            Privacy = self.env["kuemmerer.privacy"]
            Privacy._cron_retention()
            self.assertFalse(old.description)
            self.assertTrue(old.retention_done)
            self.assertEqual(old.state, "resolved")
            self.assertEqual(old.category_id, self.category)
            self.assertEqual(str(old.date_detected), "2021-03-01")
            self.assertFalse(old_contact.summary)
            self.assertEqual(old_contact.channel, "visit")
            self.assertNotIn(
                "Notiz alt",
                " ".join(old.message_ids.mapped(lambda m: str(m.body or ""))),
            )
            self.assertEqual(recent.description, "neu")
            self.assertEqual(new_contact.summary, "neues Gespräch")
            self.assertFalse(old_visit.note)
            self.assertFalse(old_visit.answer_ids.note)
            self.assertEqual(
                old_visit.answer_ids.answer, "no", "the anonymous answer stays"
            )
            # idempotent
            write_date = old.write_date
            Privacy._cron_retention()
            self.assertEqual(old.write_date, write_date)
            self.assertEqual(recent.description, "neu")


@tagged("post_install", "-at_install")
class TestRightOfAccessAndErasure(HelpChainCommon):
    NAME = "Zacharias Quellenbrink"

    def _person(self):
        person = self._resident(
            name=self.NAME,
            quarter_id=self.quarter_a.id,
            street="Quellenweg 77",
            email="quellenbrink@example.org",
            phone="0371 999 777",
            birthdate="1940-02-02",
        )
        self.env["kuemmerer.consent"].create(
            {"partner_id": person.id, "purpose": "share_providers"}
        )
        self.env["kuemmerer.contact"].create(
            {"partner_id": person.id, "summary": "Gespräch mit Zacharias Quellenbrink"}
        )
        need = (
            self.env["kuemmerer.need"]
            .with_user(self.user_kuemmerer)
            .create(
                {
                    "partner_id": person.id,
                    "category_id": self.category.id,
                    "description": "Quellenbrink stürzt oft",
                }
            )
        )
        chain = need.action_apply_chain_template(self.template.id)
        first, second = chain.step_ids.sorted("sequence")[:2]
        first.outcome = "Quellenbrink erreicht"
        first.action_done()
        second.provider_id = self.provider
        second.action_send_to_provider()
        need.message_post(
            body="Zacharias Quellenbrink hat angerufen",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        person.message_post(body="Notiz zu Quellenbrink")
        need.with_user(self.user_kuemmerer).read(["description"])
        # an invitation by e-mail (with its .ics), a planned home visit in the
        # calendar (at the person's address), a hint reported by staff, a
        # dialog not yet vacuumed: each copies the name, address or e-mail
        self.env["kuemmerer.consent"].create(
            {"partner_id": person.id, "purpose": "event_invitations"}
        )
        event = (
            self.env["calendar.event"]
            .with_user(self.user_kuemmerer)
            .create(
                {
                    "name": "Frühstück im Treff",
                    "is_neighbourhood_event": True,
                    "quarter_id": self.quarter_a.id,
                    "start": "2030-12-01 08:30:00",
                    "stop": "2030-12-01 10:30:00",
                    "location": "Ahornweg 5",
                }
            )
        )
        self.env["kuemmerer.event.invite.wizard"].with_user(self.user_kuemmerer).create(
            {"event_id": event.id, "quarter_id": self.quarter_a.id}
        ).action_invite()
        self.assertTrue(
            self.env["mail.mail"].search([("recipient_ids", "in", person.ids)])
        )
        visit = (
            self.env["kuemmerer.visit"]
            .with_user(self.user_kuemmerer)
            .create({"partner_id": person.id, "date": "2030-06-01 09:00:00"})
        )
        self.assertIn("Quellenweg", visit.calendar_event_id.location)
        self.env["kuemmerer.hint.wizard"].with_user(self.user_staff).create(
            {
                "partner_id": person.id,
                "category_id": self.category.id,
                "text": "Quellenbrink wirkt verwirrt",
            }
        ).action_confirm()
        self.env["kuemmerer.hint.wizard"].with_user(self.user_staff).create(
            {
                "partner_id": person.id,
                "category_id": self.category.id,
                "text": "Noch nicht abgeschickt",
            }
        )
        self.env.cr.precommit.run()
        self.env.flush_all()
        return person, need

    def test_export_contains_everything(self):
        person, need = self._person()
        data = (
            self.env["kuemmerer.privacy"].with_user(self.user_manager)._collect(person)
        )
        self.assertEqual(data["resident"]["name"], self.NAME)
        sections = {
            section["model"]: section["records"] for section in data["sections"]
        }
        self.assertIn(
            "Quellenbrink stürzt oft",
            [need["description"] for need in sections["kuemmerer.need"]],
        )
        self.assertIn(
            "Quellenbrink wirkt verwirrt",
            [need["description"] for need in sections["kuemmerer.need"]],
        )
        self.assertEqual(len(sections["kuemmerer.help.step"]), 3)
        self.assertIn(
            "Share with network partners",
            [c["purpose"] for c in sections["kuemmerer.consent"]],
        )
        # the case file's care data too
        self.assertEqual(data["resident"]["birthdate"], "1940-02-02")
        self.assertTrue(sections["kuemmerer.access.log"])
        self.assertTrue(sections["kuemmerer.contact"])
        # the export itself is logged: who read the need's description for it
        self.env.cr.precommit.run()
        self.env.flush_all()
        self.assertTrue(
            self.env["kuemmerer.access.log"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "kuemmerer.need"),
                    ("res_id", "=", need.id),
                    ("operation", "=", "export"),
                    ("user_id", "=", self.user_manager.id),
                ]
            )
        )
        with self.assertRaises(AccessError):
            self.env["kuemmerer.privacy"].with_user(self.user_kuemmerer)._collect(
                person
            )

    def test_export_headings_in_german(self):
        """The letter to the resident names each kind of record in German."""
        load_german(self.env, modules=["kuemmerer_addon"])
        person, _need = self._person()
        data = (
            self.env["kuemmerer.privacy"]
            .with_user(self.user_manager)
            .with_context(lang="de_DE")
            ._collect(person)
        )
        titles = {section["model"]: section["title"] for section in data["sections"]}
        self.assertEqual(titles["kuemmerer.consent"], "Einwilligung")

    def test_pdf_export(self):
        person, _need = self._person()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "kuemmerer_addon.action_report_kuemmerer_privacy", person.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_anonymise_leaves_no_trace(self):
        person, need = self._person()
        with self.assertRaises(AccessError):
            person.with_user(self.user_kuemmerer).action_kuemmerer_anonymise()
        person.with_user(self.user_manager).action_kuemmerer_anonymise()
        self.env.flush_all()
        self.assertFalse(person.active)
        self.assertIn("Anonymised resident", person.name)
        self.assertFalse(
            person.email
            or person.phone
            or person.street
            or self._file(person).birthdate
        )
        # anonymous statistics are kept
        self.assertTrue(need.exists())
        self.assertEqual(need.category_id, self.category)
        self.assertEqual(need.quarter_id, self.quarter_a)
        self.assertFalse(need.description)
        # no table of the database contains the name any more
        hits = self._find_everywhere(
            [
                "Quellenbrink",
                "quellenbrink@example.org",
                "Quellenweg 77",
                "0371 999 777",
                "0371999777",
            ]
        )
        self.assertFalse(hits, f"the person is still found in: {hits}")

    def test_anonymise_touches_nobody_else(self):
        person, _need = self._person()
        namesake = self.env["res.partner"].create(
            {
                "name": self.NAME,
                "is_resident": True,
                "email": "andere.quellenbrink@example.org",
            }
        )
        namesake.message_post(body="Notiz zum Namensvetter")
        self.env.flush_all()
        person.with_user(self.user_manager).action_kuemmerer_anonymise()
        self.env.flush_all()
        self.assertEqual(namesake.name, self.NAME)
        self.assertEqual(namesake.email, "andere.quellenbrink@example.org")
        self.assertIn(self.NAME, namesake.message_ids.mapped("record_name"))

    def test_anonymise_user_refused(self):
        with self.assertRaises(UserError):
            self.user_portal.partner_id.with_user(
                self.user_manager
            ).action_kuemmerer_anonymise()

    def _find_everywhere(self, needles):
        cr = self.env.cr
        cr.execute(
            """SELECT c.table_name, c.column_name FROM information_schema.columns c
               JOIN information_schema.tables t ON t.table_name = c.table_name
                AND t.table_schema = c.table_schema
               WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                 AND c.data_type IN ('text', 'character varying', 'jsonb')"""
        )
        hits = []
        for table, column in cr.fetchall():
            for needle in needles:
                cr.execute(
                    SQL(
                        "SELECT count(*) FROM %s WHERE %s::text ILIKE %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        "%" + needle + "%",
                    )
                )
                if cr.fetchone()[0]:
                    hits.append(f"{table}.{column}")
        return hits


@tagged("post_install", "-at_install")
class TestPrivacyExportHttp(HttpCase):
    def test_json_export_only_for_coordinators(self):
        from odoo.tests import new_test_user

        new_test_user(
            self.env,
            login="pr_manager",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_manager",
        )
        new_test_user(
            self.env,
            login="pr_user",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_user",
        )
        person = self.env["res.partner"].create(
            {"name": "Hedwig Export", "is_resident": True}
        )
        self.authenticate("pr_user", "pr_user")
        self.assertEqual(
            self.url_open(f"/kuemmerer/privacy/{person.id}/json").status_code,
            404,
        )
        self.authenticate("pr_manager", "pr_manager")
        response = self.url_open(f"/kuemmerer/privacy/{person.id}/json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            json.loads(response.content)["resident"]["name"], "Hedwig Export"
        )
        self.assertEqual(
            self.url_open("/kuemmerer/privacy/99999999/json").status_code, 404
        )
        self.assertEqual(self.url_open("/kuemmerer/privacy/abc/json").status_code, 404)
        self.authenticate(None, None)
        response = self.url_open(
            f"/kuemmerer/privacy/{person.id}/json", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303))


@tagged("post_install", "-at_install")
class TestSourceHygiene(HelpChainCommon):
    """Greps the addon's own sources for patterns the security model forbids."""

    def _sources(self, pattern):
        return [path for path in ADDON.rglob(pattern) if "tests" not in path.parts]

    def test_no_sql_built_by_string_formatting(self):
        offenders = []
        for path in self._sources("*.py"):
            text = path.read_text()
            for match in re.finditer(r"\.execute\((.{0,200})", text, re.S):
                call = match.group(1)
                if (
                    re.match(r'\s*(f"|f\'|"[^"]*"\s*%|\'[^\']*\'\s*%)', call)
                    or ".format(" in call.split(")")[0]
                ):
                    offenders.append(path.name)
        self.assertFalse(offenders, f"SQL built by string formatting in {offenders}")

    def test_no_sensitive_field_in_templates(self):
        sensitive = ("description", "summary", "outcome")
        for path in self._sources("*.xml"):
            text = path.read_text()
            for template in re.findall(
                r'model="mail.template".*?</record>', text, re.S
            ):
                for fname in sensitive:
                    self.assertNotRegex(
                        template, rf"object\.(need_id\.)?{fname}\b", path.name
                    )

    def test_sensitive_fields_not_tracked(self):
        for model, fname in (
            ("kuemmerer.need", "description"),
            ("kuemmerer.contact", "summary"),
            ("kuemmerer.help.step", "outcome"),
        ):
            field = self.env[model]._fields[fname]
            self.assertFalse(
                getattr(field, "tracking", False),
                f"{model}.{fname} must never go to the chatter",
            )
            self.assertTrue(field.groups)
