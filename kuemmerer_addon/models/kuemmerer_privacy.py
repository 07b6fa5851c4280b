# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""DSGVO: retention, right of access (Art. 15) and erasure (Art. 17)."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..const import MANAGER

# What the addon stores about a person: (model, field pointing to the person,
# fields to disclose). Extended by every feature that stores personal data.
PRIVACY_SOURCES = [
    (
        "kuemmerer.consent",
        "partner_id",
        ["purpose", "state", "method", "date_given", "date_withdrawn", "note"],
    ),
    (
        "kuemmerer.trusted.person",
        "partner_id",
        ["person_id", "relation", "is_emergency_contact", "note"],
    ),
    ("kuemmerer.contact", "partner_id", ["date", "channel", "user_id", "summary"]),
    (
        "kuemmerer.need",
        "partner_id",
        [
            "name",
            "category_id",
            "state",
            "priority",
            "source",
            "user_id",
            "date_detected",
            "date_resolved",
            "description",
        ],
    ),
    (
        "kuemmerer.help.step",
        "partner_id",
        [
            "name",
            "step_type",
            "state",
            "provider_id",
            "volunteer_id",
            "date_deadline",
            "date_done",
            "date_sent",
            "outcome",
            "referral_state",
            "referral_answer",
        ],
    ),
    (
        "kuemmerer.need.goal",
        "partner_id",
        ["name", "owner", "state", "date_review", "date_reached"],
    ),
    (
        "kuemmerer.visit",
        "partner_id",
        ["date", "state", "user_id", "checklist_id", "next_visit_date", "note"],
    ),
    ("kuemmerer.visit.answer", "partner_id", ["question_id", "answer", "note"]),
    ("calendar.attendee", "partner_id", ["event_id", "state"]),
    (
        "kuemmerer.access.log",
        "partner_id",
        ["create_date", "user_id", "res_model", "res_id", "field_names", "operation"],
    ),
    (
        "kuemmerer.intake",
        "partner_id",
        [
            "name",
            "create_date",
            "kind",
            "state",
            "about",
            "message",
            "contact_name",
            "contact_phone",
            "contact_email",
        ],
    ),
]
MASTER_FIELDS = [
    "name",
    "tenant_number",
    "flat_number",
    "street",
    "street2",
    "zip",
    "city",
    "phone",
    "mobile",
    "email",
    "lang",
    "quarter_id",
    "kuemmerer_user_id",
    "contact_interval_days",
    "last_contact_date",
]
# the care data of the resident's case file
CASE_FILE_FIELDS = [
    "birthdate",
    "lives_alone",
    "mobility",
    "preferred_language",
    "reach_by",
    "reach_note",
    "attention_level",
]


class KuemmererPrivacy(models.AbstractModel):
    _name = "kuemmerer.privacy"
    # erasure (Art. 17): models/kuemmerer_privacy_erasure.py
    _inherit = ["kuemmerer.privacy.erasure"]
    _description = "Data Protection Services"

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _action_export(self, partner, kind):
        """Art. 15 for ``partner``: the JSON file for machines or the letter
        (``kind`` "json" or "pdf"); coordinators only."""
        partner.ensure_one()
        self._check_manager()
        if kind == "json":
            url = f"/kuemmerer/privacy/{partner.id}/json"
            return {"type": "ir.actions.act_url", "url": url, "target": "download"}
        report = self.env.ref("kuemmerer_addon.action_report_kuemmerer_privacy")
        return report.report_action(partner)

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only the coordination may do this."))

    @api.model
    def _years_param(self, key, default):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"kuemmerer_addon.{key}", default)
        )
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return default

    @api.model
    def _sources(self):
        return [source for source in PRIVACY_SOURCES if source[0] in self.env]

    @api.model
    def _format_value(self, record, fname):
        field = record._fields[fname]
        value = record[fname]
        if field.type == "many2one":
            return value.display_name or None
        if field.type in ("one2many", "many2many"):
            return value.mapped("display_name")
        if field.type == "selection":
            return (
                dict(field._description_selection(self.env)).get(value)
                if value
                else None
            )
        if field.type in ("date", "datetime"):
            return (
                fields.Date.to_string(value)
                if field.type == "date"
                else fields.Datetime.to_string(value)
            )
        return value if value is not False else None

    # ------------------------------------------------------------
    # RIGHT OF ACCESS (Art. 15)
    # ------------------------------------------------------------

    @api.model
    def _collect(self, partner):
        """Everything the addon stores about ``partner``, as plain data."""
        self._check_manager()
        partner.ensure_one()
        partner.check_access("read")
        data = {
            "resident": {
                fname: self._format_value(partner, fname)
                for fname in MASTER_FIELDS
                if fname in partner._fields
            },
            "sections": [],
        }
        data["resident_labels"] = {
            fname: partner._fields[fname].get_description(self.env)["string"]
            for fname in data["resident"]
        }
        case_file = (
            partner.sudo().with_context(active_test=False).kuemmerer_resident_ids[:1]
        )
        for fname in CASE_FILE_FIELDS:
            if case_file and fname in case_file._fields:
                data["resident"][fname] = self._format_value(case_file, fname)
                data["resident_labels"][fname] = case_file._fields[
                    fname
                ].get_description(self.env)["string"]
        for model, partner_field, fnames in self._sources():
            Model = self.env[model].sudo()
            records = Model.search([(partner_field, "=", partner.id)])
            fnames = [fname for fname in fnames if fname in Model._fields]
            if hasattr(Model, "_kuemmerer_log_access"):
                # read as superuser, but by this coordinator: logged like any export
                records.with_env(self.env)._kuemmerer_log_access(fnames, "export")
            data["sections"].append(
                {
                    "model": model,
                    "title": self.env["ir.model"]
                    ._get(model)
                    .name,  # translated, unlike _description
                    "labels": {
                        fname: Model._fields[fname].get_description(self.env)["string"]
                        for fname in fnames
                    },
                    "records": [
                        {fname: self._format_value(record, fname) for fname in fnames}
                        for record in records
                    ],
                }
            )
        return data

    # ------------------------------------------------------------
    # RETENTION
    # ------------------------------------------------------------

    @api.model
    def _cron_retention(self, batch_size=1000):
        """Erase the confidential texts of needs closed and of contacts made
        longer ago than the retention period. Keeps the anonymous facts
        (category, quarter, dates, state) so reports still add up."""
        today = fields.Date.context_today(self)
        need_cutoff = today - relativedelta(
            years=self._years_param("retention_need_years", 3)
        )
        contact_cutoff = fields.Datetime.to_datetime(today) - relativedelta(
            years=self._years_param("retention_contact_years", 3)
        )
        Need = self.env["kuemmerer.need"].sudo()
        domain = [
            ("retention_done", "=", False),
            ("state", "in", ("resolved", "cancelled")),
            ("date_closed", "<", need_cutoff),
        ]
        needs = Need.search(domain, limit=batch_size)
        if needs:
            self._erase_need_texts(needs)
            needs.write({"retention_done": True})
        contact_domain = [("date", "<", contact_cutoff), ("summary", "!=", False)]
        contacts = (
            self.env["kuemmerer.contact"]
            .sudo()
            .search(contact_domain, limit=batch_size)
        )
        if contacts:
            contacts.write({"summary": False})
        # home visits: notes and answer notes after the contact period
        visit_domain = [
            ("date", "<", contact_cutoff),
            ("state", "!=", "planned"),
            ("note", "!=", False),
        ]
        visits = (
            self.env["kuemmerer.visit"].sudo().search(visit_domain, limit=batch_size)
        )
        if visits:
            visits.write({"note": False})
        answer_domain = [("visit_id.date", "<", contact_cutoff), ("note", "!=", False)]
        answers = (
            self.env["kuemmerer.visit.answer"]
            .sudo()
            .search(answer_domain, limit=batch_size)
        )
        if answers:
            answers.write({"note": False})
        # what is left of every kind, so that a backlog of contacts or visits
        # is worked off in the same night, not one batch a day
        remaining = (
            Need.search_count(domain)
            + self.env["kuemmerer.contact"].sudo().search_count(contact_domain)
            + self.env["kuemmerer.visit"].sudo().search_count(visit_domain)
            + self.env["kuemmerer.visit.answer"].sudo().search_count(answer_domain)
        )
        self.env["ir.cron"]._notify_progress(
            done=len(needs) + len(contacts) + len(visits) + len(answers),
            remaining=remaining,
        )

    @api.model
    def _erase_need_texts(self, needs):
        needs = needs.sudo()
        needs.write({"description": False})
        needs.step_ids.write({"outcome": False, "referral_answer": False})
        needs.contact_ids.write({"summary": False})
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "kuemmerer.need"),
                    ("res_id", "in", needs.ids),
                    ("message_type", "in", ("comment", "email", "email_outgoing")),
                ]
            )
        )
        if messages:
            self.env["mail.mail"].sudo().search(
                [("mail_message_id", "in", messages.ids)]
            ).write({"body_html": False})
            messages.write({"body": False, "subject": False})
            messages.attachment_ids.unlink()
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "in", ("kuemmerer.need", "kuemmerer.help.step")),
                ("res_id", "in", needs.ids + needs.step_ids.ids),
            ]
        ).unlink()
