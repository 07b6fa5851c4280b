# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""DSGVO: erasure (Art. 17), part of ``kuemmerer.privacy``."""

import re

from markupsafe import escape

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

# a shorter name would match words in hints about other people
MIN_NAME_LENGTH = 5


class KuemmererPrivacyErasure(models.AbstractModel):
    """Inherited by ``kuemmerer.privacy``, which holds the tools used here
    (``_check_manager``, ``_sources``, ``_erase_need_texts``)."""

    _name = "kuemmerer.privacy.erasure"
    _description = "Data Protection: Erasure"

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
                self.env._(
                    "%(name)s has a user account. Archive the user first.",
                    name=partner.name,
                )
            )
        partner = partner.sudo()
        old_names = {
            name
            for name in (partner.name, partner.display_name, partner.complete_name)
            if name
        }
        old_details = {
            value for value in (partner.phone, partner.mobile, partner.street) if value
        }
        old_emails = {
            email for email in (partner.email, partner.email_normalized) if email
        }
        placeholder = self.env._("Anonymised resident %(id)s", id=partner.id)
        visits = self._erase_casework(partner)
        self._erase_intakes(
            partner,
            old_names,
            old_emails,
            {partner.phone, partner.mobile} - {False, None, ""},
            placeholder,
        )
        self._anonymise_hook(partner)
        self._erase_case_files(partner)
        self._erase_mail_to(partner)
        self._erase_calendar_traces(partner, visits)
        self._erase_wizard_rows(partner)
        self._erase_partner_fields(partner, placeholder)
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
    def _erase_casework(self, partner):
        """The texts of the casework about the person (needs, contacts,
        consents, home visits), their trusted persons; returns the visits."""
        needs = (
            self.env["kuemmerer.need"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)])
        )
        self._erase_need_texts(needs)
        self.env["kuemmerer.contact"].sudo().search(
            [("partner_id", "=", partner.id)]
        ).write({"summary": False})
        self.env["kuemmerer.consent"].sudo().search(
            [("partner_id", "=", partner.id)]
        ).write({"note": False})
        self.env["kuemmerer.trusted.person"].sudo().search(
            [("partner_id", "=", partner.id)]
        ).unlink()
        visits = (
            self.env["kuemmerer.visit"].sudo().search([("partner_id", "=", partner.id)])
        )
        visits.write({"note": False})
        visits.answer_ids.write({"note": False})
        self.env["mail.message"].sudo().search(
            [("model", "=", "kuemmerer.visit"), ("res_id", "in", visits.ids)]
        ).write({"body": False})
        return visits

    @api.model
    def _erase_intakes(self, partner, names, emails, phones, placeholder):
        """The public hints about or from the person. Those linked to them
        lose what was written; in every other hint, the person's full name
        (a whole word, any case) becomes the placeholder; where the person
        was the sender (name, e-mail or phone), the sender's details go. The
        hints stay counted (kind, quarter, date, state)."""
        names = sorted(
            {n.strip() for n in names if len(n.strip()) >= MIN_NAME_LENGTH},
            key=len,
            reverse=True,
        )
        patterns = [
            re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
            for name in names
        ]
        emails = {email.lower() for email in emails}
        phones = set(phones)
        domain = [("partner_id", "=", partner.id)]
        for name in names:
            domain = expression.OR(
                [domain]
                + [
                    [(fname, "ilike", name)]
                    for fname in ("about", "message", "contact_name")
                ]
            )
        for email in emails:
            domain = expression.OR([domain, [("contact_email", "=ilike", email)]])
        for phone in phones:
            domain = expression.OR([domain, [("contact_phone", "=", phone)]])
        intakes = (
            self.env["kuemmerer.intake"]
            .sudo()
            .with_context(active_test=False)
            .search(domain)
        )
        changed = intakes.browse()
        for intake in intakes:
            about_them = intake.partner_id == partner
            vals = {}
            for fname in ("about", "message"):
                text = intake[fname] or ""
                new = text
                for pattern in patterns:
                    new = pattern.sub(placeholder, new)
                if about_them and text:
                    vals[fname] = False
                elif new != text:
                    vals[fname] = new
            sender = (
                any(p.fullmatch(intake.contact_name or "") for p in patterns)
                or (intake.contact_email or "").lower() in emails
                or (intake.contact_phone or "") in phones
            )
            if about_them or sender:
                vals.update(
                    contact_name=False, contact_email=False, contact_phone=False
                )
            if vals:
                intake.write(vals)
                changed |= intake
        self.env["mail.message"].sudo().search(
            [("model", "=", "kuemmerer.intake"), ("res_id", "in", changed.ids)]
        ).write({"body": False})

    @api.model
    def _erase_case_files(self, partner):
        """The care data of the case file; the person's own chatter,
        attachments and activities, on the contact and on the case file."""
        case_files = partner.with_context(active_test=False).kuemmerer_resident_ids
        case_files.with_context(tracking_disable=True).write(
            {
                "birthdate": False,
                "lives_alone": False,
                "mobility": False,
                "preferred_language": False,
                "reach_by": False,
                "reach_note": False,
            }
        )
        for model, ids in (
            ("res.partner", partner.ids),
            ("kuemmerer.resident", case_files.ids),
        ):
            self.env["mail.message"].sudo().search(
                [("model", "=", model), ("res_id", "in", ids)]
            ).unlink()
            self.env["ir.attachment"].sudo().search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            ).unlink()
            self.env["mail.activity"].sudo().search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            ).unlink()

    @api.model
    def _erase_partner_fields(self, partner, placeholder):
        values = {
            "name": placeholder,
            "street": False,
            "street2": False,
            "zip": False,
            "city": False,
            "phone": False,
            "mobile": False,
            "email": False,
            "website": False,
            "comment": False,
            "function": False,
            "vat": False,
            "ref": False,
            "image_1920": False,
            "title": False,
            "active": False,
            "tenant_number": False,
            "flat_number": False,
        }
        partner.with_context(tracking_disable=True).write(
            {key: value for key, value in values.items() if key in partner._fields}
        )

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
        mails = (
            self.env["mail.mail"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("recipient_ids", "in", partner.ids),
                    ("mail_message_id", "in", alone.ids),
                ]
            )
        )
        attachments = alone.attachment_ids | mails.attachment_ids
        mails.unlink()
        alone.exists().unlink()
        attachments.exists().unlink()
        self.env["mail.notification"].sudo().search(
            [("res_partner_id", "=", partner.id)]
        ).unlink()

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
                    self.env[model_name].sudo().search(
                        [(field.name, "in", partner.ids)]
                    ).unlink()

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
        records = [(model, ids) for model, ids in self._scrub_records(partner) if ids]
        self._scrub_exact_names(records, names, placeholder)
        self._scrub_record_names(records)
        self._scrub_notifications(records, names, placeholder)
        self._scrub_partner_traces(partner, names, emails, placeholder, details)
        self.env.invalidate_all()

    @api.model
    def _scrub_records(self, partner):
        """[(model, ids)]: the person's own records, whose chatter and
        activities may quote the person's name."""
        records = [
            ("res.partner", [partner.id]),
            (
                "kuemmerer.resident",
                partner.with_context(active_test=False).kuemmerer_resident_ids.ids,
            ),
        ]
        for model, partner_field, _fnames in self._sources():
            if model in (
                "kuemmerer.access.log",
                "calendar.attendee",
                "kuemmerer.visit.answer",
            ):
                continue
            records.append(
                (
                    model,
                    self.env[model]
                    .sudo()
                    .with_context(active_test=False)
                    .search([(partner_field, "=", partner.id)])
                    .ids,
                )
            )
        return records

    @api.model
    def _scrub_exact_names(self, records, names, placeholder):
        """Tracking values and record names that are exactly the name."""
        cr = self.env.cr
        for model, ids in records:
            for name in names:
                cr.execute(
                    SQL(
                        "UPDATE mail_tracking_value v SET old_value_char = %(ph)s "
                        "FROM mail_message m"
                        " WHERE v.mail_message_id = m.id AND m.model = %(model)s AND "
                        "m.res_id IN %(ids)s"
                        " AND v.old_value_char = %(name)s;"
                        "UPDATE mail_tracking_value v SET new_value_char = %(ph)s "
                        "FROM mail_message m"
                        " WHERE v.mail_message_id = m.id AND m.model = %(model)s AND "
                        "m.res_id IN %(ids)s"
                        " AND v.new_value_char = %(name)s;"
                        "UPDATE mail_message SET record_name = %(ph)s"
                        " WHERE model = %(model)s AND res_id IN %(ids)s AND "
                        "record_name = %(name)s;"
                        "UPDATE mail_activity SET res_name = %(ph)s"
                        " WHERE res_model = %(model)s AND res_id IN %(ids)s AND "
                        "res_name = %(name)s;",
                        ph=placeholder,
                        model=model,
                        ids=tuple(ids),
                        name=name,
                    )
                )

    @api.model
    def _scrub_record_names(self, records):
        """Record names that contain the name, e.g. a need's "Category – Name
        (reference)" or a home visit's "Home visit: Name (date)": they become
        the record's name as it is now, with the placeholder."""
        cr = self.env.cr
        for model, ids in records:
            records_sudo = (
                self.env[model].sudo().with_context(active_test=False).browse(ids)
            )
            values = SQL(", ").join(
                SQL("(%s, %s)", record.id, record.display_name or "")
                for record in records_sudo
            )
            cr.execute(
                SQL(
                    "UPDATE mail_message m SET record_name = v.name FROM (VALUES "
                    "%(values)s) AS v(id, name)"
                    " WHERE m.model = %(model)s AND m.res_id = v.id AND m.record_name "
                    "IS NOT NULL"
                    " AND m.record_name != v.name;"
                    "UPDATE mail_activity a SET res_name = v.name FROM (VALUES "
                    "%(values)s) AS v(id, name)"
                    " WHERE a.res_model = %(model)s AND a.res_id = v.id AND "
                    "a.res_name IS NOT NULL"
                    " AND a.res_name != v.name;",
                    values=values,
                    model=model,
                )
            )

    @api.model
    def _scrub_notifications(self, records, names, placeholder):
        """Notifications about the person's records (an activity assigned, a
        hint passed on) quote the record's name in their text and subject."""
        cr = self.env.cr
        for model, ids in records:
            for name in names:
                for variant in {name, str(escape(name))}:
                    cr.execute(
                        SQL(
                            "UPDATE mail_mail SET body_html = replace(body_html, "
                            "%(name)s, %(ph)s)"
                            " WHERE mail_message_id IN (SELECT id FROM mail_message "
                            "WHERE model = %(model)s"
                            " AND res_id IN %(ids)s) AND body_html LIKE %(like)s;"
                            "UPDATE mail_message SET body = replace(body, %(name)s, "
                            "%(ph)s),"
                            " subject = replace(subject, %(name)s, %(ph)s)"
                            " WHERE model = %(model)s AND res_id IN %(ids)s"
                            " AND (body LIKE %(like)s OR subject LIKE %(like)s);",
                            name=variant,
                            ph=placeholder,
                            model=model,
                            ids=tuple(ids),
                            like="%{}%".format(
                                variant.replace("%", r"\%").replace("_", r"\_")
                            ),
                        )
                    )

    @api.model
    def _scrub_partner_traces(self, partner, names, emails, placeholder, details):
        """Tracking of the person as a many2one value (e.g. the need's
        resident), live notifications naming them, mails to their address."""
        cr = self.env.cr
        for name in names:
            cr.execute(
                SQL(
                    "UPDATE mail_tracking_value SET old_value_char = %(ph)s"
                    " WHERE old_value_integer = %(id)s AND old_value_char = %(name)s"
                    " AND field_id IN (SELECT id FROM ir_model_fields WHERE relation "
                    "= 'res.partner');"
                    "UPDATE mail_tracking_value SET new_value_char = %(ph)s"
                    " WHERE new_value_integer = %(id)s AND new_value_char = %(name)s"
                    " AND field_id IN (SELECT id FROM ir_model_fields WHERE relation "
                    "= 'res.partner');"
                    "DELETE FROM bus_bus WHERE message ILIKE %(like)s;",
                    ph=placeholder,
                    id=partner.id,
                    name=name,
                    like="%{}%".format(name.replace("%", r"\%").replace("_", r"\_")),
                )
            )
        for value in {*emails, *details}:
            cr.execute(
                SQL(
                    "DELETE FROM bus_bus WHERE message ILIKE %(like)s;",
                    like="%{}%".format(value.replace("%", r"\%").replace("_", r"\_")),
                )
            )
        for email in emails:
            cr.execute(
                SQL(
                    "UPDATE mail_mail SET email_to = NULL WHERE lower(email_to) = "
                    "lower(%(email)s);"
                    "UPDATE mail_message SET email_from = NULL WHERE "
                    "lower(email_from) = lower(%(email)s);",
                    email=email,
                )
            )
