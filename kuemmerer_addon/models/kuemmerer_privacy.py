# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""DSGVO: retention, right of access (Art. 15) and erasure (Art. 17)."""
from dateutil.relativedelta import relativedelta
from markupsafe import escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# What the addon stores about a person: (model, field pointing to the person,
# fields to disclose). Extended by every feature that stores personal data.
PRIVACY_SOURCES = [
    ("kuemmerer.consent", "partner_id", ["purpose", "state", "method", "date_given", "date_withdrawn", "note"]),
    ("kuemmerer.trusted.person", "partner_id", ["person_id", "relation", "is_emergency_contact", "note"]),
    ("kuemmerer.contact", "partner_id", ["date", "channel", "user_id", "summary"]),
    (
        "kuemmerer.need",
        "partner_id",
        ["name", "category_id", "state", "priority", "source", "user_id", "date_detected",
         "date_resolved", "description"],
    ),
    (
        "kuemmerer.help.step",
        "partner_id",
        ["name", "step_type", "state", "provider_id", "volunteer_id", "date_deadline", "date_done",
         "date_sent", "outcome", "referral_state", "referral_answer"],
    ),
    ("kuemmerer.need.goal", "partner_id", ["name", "owner", "state", "date_review", "date_reached"]),
    ("kuemmerer.visit", "partner_id", ["date", "state", "user_id", "checklist_id", "next_visit_date", "note"]),
    ("kuemmerer.visit.answer", "partner_id", ["question_id", "answer", "note"]),
    ("calendar.attendee", "partner_id", ["event_id", "state"]),
    ("kuemmerer.access.log", "partner_id", ["create_date", "user_id", "res_model", "res_id", "field_names", "operation"]),
]
MASTER_FIELDS = [
    "name", "tenant_number", "flat_number", "street", "street2", "zip", "city", "phone", "mobile",
    "email", "lang", "quarter_id", "kuemmerer_user_id", "contact_interval_days", "last_contact_date",
]
# the care data of the resident's case file
CASE_FILE_FIELDS = [
    "birthdate", "lives_alone", "mobility", "preferred_language", "reach_by", "reach_note",
    "attention_level",
]


class KuemmererPrivacy(models.AbstractModel):
    _name = "kuemmerer.privacy"
    _description = "Data Protection Services"

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group("kuemmerer_addon.group_kuemmerer_manager"):
            raise AccessError(self.env._("Only the coordination may do this."))

    @api.model
    def _years_param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param("kuemmerer_addon.%s" % key, default)
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
            return dict(field._description_selection(self.env)).get(value) if value else None
        if field.type in ("date", "datetime"):
            return fields.Date.to_string(value) if field.type == "date" else fields.Datetime.to_string(value)
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
            fname: partner._fields[fname].get_description(self.env)["string"] for fname in data["resident"]
        }
        case_file = partner.sudo().with_context(active_test=False).kuemmerer_resident_ids[:1]
        for fname in CASE_FILE_FIELDS:
            if case_file and fname in case_file._fields:
                data["resident"][fname] = self._format_value(case_file, fname)
                data["resident_labels"][fname] = case_file._fields[fname].get_description(self.env)["string"]
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
                    "title": self.env["ir.model"]._get(model).name,  # translated, unlike _description
                    "labels": {fname: Model._fields[fname].get_description(self.env)["string"] for fname in fnames},
                    "records": [
                        {fname: self._format_value(record, fname) for fname in fnames} for record in records
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
        need_cutoff = today - relativedelta(years=self._years_param("retention_need_years", 3))
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
        contacts = self.env["kuemmerer.contact"].sudo().search(contact_domain, limit=batch_size)
        if contacts:
            contacts.write({"summary": False})
        # home visits: notes and answer notes after the contact period
        visit_domain = [("date", "<", contact_cutoff), ("state", "!=", "planned"), ("note", "!=", False)]
        visits = self.env["kuemmerer.visit"].sudo().search(visit_domain, limit=batch_size)
        if visits:
            visits.write({"note": False})
        answer_domain = [("visit_id.date", "<", contact_cutoff), ("note", "!=", False)]
        answers = self.env["kuemmerer.visit.answer"].sudo().search(answer_domain, limit=batch_size)
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
            done=len(needs) + len(contacts) + len(visits) + len(answers), remaining=remaining
        )

    @api.model
    def _erase_need_texts(self, needs):
        needs = needs.sudo()
        needs.write({"description": False})
        needs.step_ids.write({"outcome": False, "referral_answer": False})
        needs.contact_ids.write({"summary": False})
        messages = self.env["mail.message"].sudo().search(
            [("model", "=", "kuemmerer.need"), ("res_id", "in", needs.ids),
             ("message_type", "in", ("comment", "email", "email_outgoing"))]
        )
        if messages:
            self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)]).write(
                {"body_html": False}
            )
            messages.write({"body": False, "subject": False})
            messages.attachment_ids.unlink()
        self.env["ir.attachment"].sudo().search(
            [("res_model", "in", ("kuemmerer.need", "kuemmerer.help.step")),
             ("res_id", "in", needs.ids + needs.step_ids.ids)]
        ).unlink()

    # ------------------------------------------------------------
    # ERASURE (Art. 17)
    # ------------------------------------------------------------

    @api.model
    def _anonymise(self, partner):
        """Replace everything that identifies ``partner``; keep anonymous
        statistics (needs with category, quarter, dates and state)."""
        self._check_manager()
        partner.ensure_one()
        partner.check_access("write")
        if partner.user_ids:
            raise UserError(
                self.env._("%(name)s has a user account. Archive the user first.", name=partner.name)
            )
        partner = partner.sudo()
        old_names = {name for name in (partner.name, partner.display_name, partner.complete_name) if name}
        old_details = {value for value in (partner.phone, partner.mobile, partner.street) if value}
        old_emails = {email for email in (partner.email, partner.email_normalized) if email}
        placeholder = self.env._("Anonymised resident %(id)s", id=partner.id)
        needs = self.env["kuemmerer.need"].sudo().with_context(active_test=False).search(
            [("partner_id", "=", partner.id)]
        )
        self._erase_need_texts(needs)
        self.env["kuemmerer.contact"].sudo().search([("partner_id", "=", partner.id)]).write(
            {"summary": False}
        )
        self.env["kuemmerer.consent"].sudo().search([("partner_id", "=", partner.id)]).write({"note": False})
        self.env["kuemmerer.trusted.person"].sudo().search([("partner_id", "=", partner.id)]).unlink()
        visits = self.env["kuemmerer.visit"].sudo().search([("partner_id", "=", partner.id)])
        visits.write({"note": False})
        visits.answer_ids.write({"note": False})
        self.env["mail.message"].sudo().search(
            [("model", "=", "kuemmerer.visit"), ("res_id", "in", visits.ids)]
        ).write({"body": False})
        self._anonymise_hook(partner)
        case_files = partner.with_context(active_test=False).kuemmerer_resident_ids
        case_files.with_context(tracking_disable=True).write(
            {
                "birthdate": False, "lives_alone": False, "mobility": False,
                "preferred_language": False, "reach_by": False, "reach_note": False,
            }
        )
        # the person's own chatter, attachments and activities, on the contact
        # and on the case file
        for model, ids in (("res.partner", partner.ids), ("kuemmerer.resident", case_files.ids)):
            self.env["mail.message"].sudo().search([("model", "=", model), ("res_id", "in", ids)]).unlink()
            self.env["ir.attachment"].sudo().search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            ).unlink()
            self.env["mail.activity"].sudo().search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            ).unlink()
        self._erase_mail_to(partner)
        self._erase_calendar_traces(partner, visits)
        self._erase_wizard_rows(partner)
        values = {
            "name": placeholder,
            "street": False, "street2": False, "zip": False, "city": False,
            "phone": False, "mobile": False, "email": False, "website": False,
            "comment": False, "function": False, "vat": False, "ref": False,
            "image_1920": False, "title": False, "active": False,
            "tenant_number": False, "flat_number": False,
        }
        partner.with_context(tracking_disable=True).write(
            {key: value for key, value in values.items() if key in partner._fields}
        )
        # names copied by Odoo into other tables: tracking values, activity and
        # message record names, mail recipients
        self._scrub_name(partner, old_names, old_emails, placeholder, old_details)
        partner.message_post(
            body=self.env._("Anonymised on request (Art. 17 GDPR)."),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        return True

    @api.model
    def _erase_mail_to(self, partner):
        """What was sent to the person (invitations, letters): the messages
        addressed to them alone, the mails behind them and their attachments
        (an invitation's .ics names the person). A message to several people
        keeps its text but no longer lists the person."""
        Message = self.env["mail.message"].sudo()
        messages = Message.search([("partner_ids", "in", partner.ids)])
        alone = messages.filtered(lambda message: message.partner_ids == partner)
        (messages - alone).write({"partner_ids": [Command.unlink(partner.id)]})
        mails = self.env["mail.mail"].sudo().with_context(active_test=False).search(
            ["|", ("recipient_ids", "in", partner.ids), ("mail_message_id", "in", alone.ids)]
        )
        attachments = alone.attachment_ids | mails.attachment_ids
        mails.unlink()
        alone.exists().unlink()
        attachments.exists().unlink()
        self.env["mail.notification"].sudo().search([("res_partner_id", "=", partner.id)]).unlink()

    @api.model
    def _erase_calendar_traces(self, partner, visits):
        """Home visits keep their date for the statistics, but their calendar
        entry no longer says where the person lives; invitations to
        neighbourhood events keep their attendance, without contact details."""
        events = visits.calendar_event_id.sudo()
        if events:
            events.with_context(no_mail_to_attendees=True).write(
                {"location": False, "partner_ids": [Command.unlink(partner.id)]}
            )

    @api.model
    def _erase_wizard_rows(self, partner):
        """Dialogs not yet vacuumed that still hold the person (a hint being
        reported, an invitation being prepared)."""
        for model_name, Model in self.env.registry.items():
            if not Model._transient:
                continue
            for field in Model._fields.values():
                if field.comodel_name != "res.partner" or not field.store:
                    continue
                if field.type in ("many2one", "many2many"):
                    self.env[model_name].sudo().search([(field.name, "in", partner.ids)]).unlink()

    @api.model
    def _anonymise_hook(self, partner):
        """Extension point for features storing more personal data."""
        return True

    @api.model
    def _scrub_name(self, partner, names, emails, placeholder, details=()):
        """Names Odoo copied into other tables, only where they belong to this
        person: tracking values and record names of messages and activities
        on the person's own records, mails addressed to the person's exact
        address, live notifications mentioning the name (transient)."""
        self.env.flush_all()
        records = [
            ("res.partner", [partner.id]),
            ("kuemmerer.resident", partner.with_context(active_test=False).kuemmerer_resident_ids.ids),
        ]
        for model, partner_field, _fnames in self._sources():
            if model in ("kuemmerer.access.log", "calendar.attendee", "kuemmerer.visit.answer"):
                continue
            records.append((model, self.env[model].sudo().with_context(active_test=False).search(
                [(partner_field, "=", partner.id)]).ids))
        cr = self.env.cr
        for model, ids in records:
            if not ids:
                continue
            for name in names:
                cr.execute(SQL(
                    "UPDATE mail_tracking_value v SET old_value_char = %(ph)s FROM mail_message m"
                    " WHERE v.mail_message_id = m.id AND m.model = %(model)s AND m.res_id IN %(ids)s"
                    " AND v.old_value_char = %(name)s;"
                    "UPDATE mail_tracking_value v SET new_value_char = %(ph)s FROM mail_message m"
                    " WHERE v.mail_message_id = m.id AND m.model = %(model)s AND m.res_id IN %(ids)s"
                    " AND v.new_value_char = %(name)s;"
                    "UPDATE mail_message SET record_name = %(ph)s"
                    " WHERE model = %(model)s AND res_id IN %(ids)s AND record_name = %(name)s;"
                    "UPDATE mail_activity SET res_name = %(ph)s"
                    " WHERE res_model = %(model)s AND res_id IN %(ids)s AND res_name = %(name)s;",
                    ph=placeholder, model=model, ids=tuple(ids), name=name,
                ))
        # record names that contain the name, e.g. a need's "Category – Name
        # (reference)" or a home visit's "Home visit: Name (date)": they become
        # the record's name as it is now, with the placeholder
        for model, ids in records:
            if not ids:
                continue
            records_sudo = self.env[model].sudo().with_context(active_test=False).browse(ids)
            values = SQL(", ").join(
                SQL("(%s, %s)", record.id, record.display_name or "") for record in records_sudo
            )
            cr.execute(SQL(
                "UPDATE mail_message m SET record_name = v.name FROM (VALUES %(values)s) AS v(id, name)"
                " WHERE m.model = %(model)s AND m.res_id = v.id AND m.record_name IS NOT NULL"
                " AND m.record_name != v.name;"
                "UPDATE mail_activity a SET res_name = v.name FROM (VALUES %(values)s) AS v(id, name)"
                " WHERE a.res_model = %(model)s AND a.res_id = v.id AND a.res_name IS NOT NULL"
                " AND a.res_name != v.name;",
                values=values, model=model,
            ))
        # notifications about the person's records (an activity assigned, a
        # hint passed on) quote the record's name in their text and subject
        for model, ids in records:
            if not ids:
                continue
            for name in names:
                for variant in {name, str(escape(name))}:
                    cr.execute(SQL(
                        "UPDATE mail_mail SET body_html = replace(body_html, %(name)s, %(ph)s)"
                        " WHERE mail_message_id IN (SELECT id FROM mail_message WHERE model = %(model)s"
                        " AND res_id IN %(ids)s) AND body_html LIKE %(like)s;"
                        "UPDATE mail_message SET body = replace(body, %(name)s, %(ph)s),"
                        " subject = replace(subject, %(name)s, %(ph)s)"
                        " WHERE model = %(model)s AND res_id IN %(ids)s"
                        " AND (body LIKE %(like)s OR subject LIKE %(like)s);",
                        name=variant, ph=placeholder, model=model, ids=tuple(ids),
                        like="%%%s%%" % variant.replace("%", r"\%").replace("_", r"\_"),
                    ))
        # tracking of the person as a many2one value (e.g. the need's resident)
        for name in names:
            cr.execute(SQL(
                "UPDATE mail_tracking_value SET old_value_char = %(ph)s"
                " WHERE old_value_integer = %(id)s AND old_value_char = %(name)s"
                " AND field_id IN (SELECT id FROM ir_model_fields WHERE relation = 'res.partner');"
                "UPDATE mail_tracking_value SET new_value_char = %(ph)s"
                " WHERE new_value_integer = %(id)s AND new_value_char = %(name)s"
                " AND field_id IN (SELECT id FROM ir_model_fields WHERE relation = 'res.partner');"
                "DELETE FROM bus_bus WHERE message ILIKE %(like)s;",
                ph=placeholder, id=partner.id, name=name,
                like="%%%s%%" % name.replace("%", r"\%").replace("_", r"\_"),
            ))
        for value in {*emails, *details}:
            cr.execute(SQL(
                "DELETE FROM bus_bus WHERE message ILIKE %(like)s;",
                like="%%%s%%" % value.replace("%", r"\%").replace("_", r"\_"),
            ))
        for email in emails:
            cr.execute(SQL(
                "UPDATE mail_mail SET email_to = NULL WHERE lower(email_to) = lower(%(email)s);"
                "UPDATE mail_message SET email_from = NULL WHERE lower(email_from) = lower(%(email)s);",
                email=email,
            ))
        self.env.invalidate_all()
