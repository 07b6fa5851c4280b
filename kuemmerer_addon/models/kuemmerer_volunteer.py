# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Volunteers: where they help, who looks after them, the extended police
certificate (erweitertes Führungszeugnis)."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import plaintext2html
from odoo.tools.misc import format_date

from ..const import MANAGER

# the extended police certificate: a qualification, valid for five years
POLICE_CERTIFICATE = "kuemmerer_addon.qualification_police_certificate"


class KuemmererVolunteer(models.AbstractModel):
    _name = "kuemmerer.volunteer"
    _description = "Volunteer Services"

    @api.model
    def _quarters(self, partner):
        """The quarters in which the volunteer ``partner`` sees and takes shifts."""
        partner = partner.sudo()
        return partner.quarter_id | partner.volunteer_quarter_ids

    @api.model
    def _police_qualification(self):
        return self.env.ref(POLICE_CERTIFICATE, raise_if_not_found=False)

    @api.model
    def _coordinator(self, partner, fallback=None):
        """Who looks after the volunteer ``partner``: the coordinator of their
        quarter, else its first Kümmerer, else ``fallback`` (any coordinator)."""
        quarter = partner.sudo().quarter_id
        user = quarter.manager_id or quarter.user_ids[:1]
        if not user:
            user = fallback
            if user is None:
                user = self.env["kuemmerer.tools"]._fallback_coordinator()
        return user or self.env.user

    @api.model
    def _check_police_certificate(self, partners):
        """One activity per active volunteer whose extended police certificate
        is missing or too old, never a second while one is open; marked done
        as soon as a valid certificate is recorded or the person no longer
        helps actively."""
        partners = partners.sudo()
        if not partners:
            return
        Activity = self.env["kuemmerer.activity"]
        activity_type = self.env.ref(
            "kuemmerer_addon.mail_activity_type_police_certificate"
        )
        open_activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        with_activity = set(open_activities.mapped("res_id"))
        due = partners.filtered("police_certificate_due")
        done = open_activities.filtered(lambda a: a.res_id not in due.ids)
        if done:
            active = partners.filtered(
                lambda p: p.is_volunteer and p.volunteer_state == "active"
            )
            recorded = done.filtered(lambda a: a.res_id in active.ids)
            if recorded:
                Activity._kuemmerer_done(
                    recorded,
                    feedback=self.env._(
                        "A valid extended police certificate has been recorded."
                    ),
                )
            if done - recorded:
                Activity._kuemmerer_done(
                    done - recorded,
                    feedback=self.env._("The person is no longer an active volunteer."),
                )
        todo = due.filtered(lambda p: p.id not in with_activity)
        if todo:
            Activity._kuemmerer_schedule(
                self._police_certificate_activities(todo, activity_type), automatic=True
            )

    @api.model
    def _police_certificate_activities(self, partners, activity_type):
        """The activities asking for a certificate, each for the volunteer's
        coordinator and in their language."""
        today = fields.Date.context_today(self)
        partners.quarter_id.fetch(["manager_id", "user_ids"])
        fallback = self.env["kuemmerer.tools"]._fallback_coordinator()
        vals_list = []
        for partner in partners:
            user = self._coordinator(partner, fallback)
            _ = self.env["kuemmerer.activity"]._kuemmerer_lang(user)
            vals_list.append(
                {
                    "record": partner,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": _("Ask for the extended police certificate"),
                    "note": _(
                        "The extended police certificate of this active volunteer is "
                        "missing "
                        "or older than five years. Please ask for a new one and "
                        "record its date."
                    ),
                    "date_deadline": today,
                }
            )
        return vals_list

    @api.model
    def _cron_police_certificate(self, batch_size=500):
        """Daily: certificates expire with time, without any write on the partner."""
        activity_type = self.env.ref(
            "kuemmerer_addon.mail_activity_type_police_certificate"
        )
        Partner = self.env["res.partner"].sudo()
        domain = [
            ("police_certificate_due", "=", True),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ]
        partners = Partner.search(domain, limit=batch_size)
        if not partners:
            return
        remaining = Partner.search_count(domain) - len(partners)
        self._check_police_certificate(partners)
        self.env["ir.cron"]._notify_progress(done=len(partners), remaining=remaining)

    @api.model
    def _police_certificate_state(self, partners):
        """({partner id: date of the latest certificate}, the active volunteers
        of ``partners`` without a valid one), in one query. (The partner's
        two fields have a compute each: fields computed together stay cached
        while the inverse of one of them runs.)"""
        police = self._police_qualification()
        held = self.env["kuemmerer.volunteer.qualification"]
        if police and partners.ids:
            held = held.sudo().search_fetch(
                [
                    ("partner_id", "in", partners.ids),
                    ("qualification_id", "=", police.id),
                ],
                ["partner_id", "date", "date_expiry"],
                order="date",
            )
        today = fields.Date.context_today(self)
        dates = {record.partner_id.id: record.date for record in held}
        valid = {
            record.partner_id.id
            for record in held
            if not record.date_expiry or record.date_expiry > today
        }
        due = partners.filtered(
            lambda p: p.is_volunteer
            and p.volunteer_state == "active"
            and p._origin.id not in valid
        )
        return dates, due

    @api.model
    def _set_police_certificate_dates(self, partners):
        """The inverse of ``res.partner.police_certificate_date``: a later
        date is recorded as a new qualification (a renewal), an earlier one
        corrects the latest, an emptied one removes them."""
        police = self._police_qualification()
        if not police:
            raise UserError(
                self.env._(
                    "The qualification “Extended police certificate” is missing. "
                    "Please ask your coordinator to restore it."
                )
            )
        Qualification = self.env["kuemmerer.volunteer.qualification"]
        held = Qualification.search(
            [("partner_id", "in", partners.ids), ("qualification_id", "=", police.id)]
        )
        new = []
        for partner in partners:
            own = held.filtered(lambda r, p=partner: r.partner_id == p)
            issued = partner.police_certificate_date
            latest = own.sorted("date")[-1:]
            if not issued:
                own.unlink()
            elif latest and issued < latest.date:  # a correction of the latest
                latest.date = issued
            elif not latest or issued > latest.date:  # a renewal: history kept
                new.append(
                    {
                        "partner_id": partner.id,
                        "qualification_id": police.id,
                        "date": issued,
                    }
                )
        if new:
            Qualification.create(new)

    @api.model
    def _police_due_domain(self, operator, value):
        """The search of ``res.partner.police_certificate_due``."""
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("This search is not supported."))
        police = self._police_qualification()
        today = fields.Date.context_today(self)
        due = [
            ("is_volunteer", "=", True),
            ("volunteer_state", "=", "active"),
            (
                "volunteer_qualification_ids",
                "not any",
                [
                    ("qualification_id", "=", police.id if police else 0),
                    "|",
                    ("date_expiry", "=", False),
                    ("date_expiry", ">", today),
                ],
            ),
        ]
        if (operator == "=") == bool(value):
            return due
        return ["!", *expression.normalize_domain(due)]

    @api.model
    def _invite_to_exchange_meeting(self, event):
        """The active volunteers of the exchange meeting's quarter (their own
        quarter or one they help in) become its attendees; Odoo's calendar
        sends each an invitation by e-mail with the answer buttons."""
        event.ensure_one()
        _ = self.env._
        if not event.is_exchange_meeting or not event.quarter_id:
            raise UserError(_("Please choose the quarter of the exchange meeting."))
        event._kuemmerer_check_can_edit()
        user = self.env.user
        if not (user.has_group(MANAGER) or user in event.quarter_id.user_ids):
            raise AccessError(
                _(
                    "Only the Kümmerer of %(quarter)s and the coordinators invite its "
                    "volunteers.",
                    quarter=event.quarter_id.name,
                )
            )
        if event.start < fields.Datetime.now():
            raise UserError(_("The exchange meeting has already begun."))
        quarter = event.quarter_id
        volunteers = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("is_volunteer", "=", True),
                    ("volunteer_state", "=", "active"),
                    "|",
                    ("quarter_id", "=", quarter.id),
                    ("volunteer_quarter_ids", "in", quarter.ids),
                ]
            )
        )
        new = volunteers - event.partner_ids
        if new:
            event.write({"partner_ids": [Command.link(p.id) for p in new]})
        without_mail = new.filtered(lambda p: not p.email)
        message = (
            _("%(count)s volunteers invited.", count=len(new))
            if new
            else _("All active volunteers of the quarter are invited already.")
        )
        if without_mail:
            message += " " + _(
                "Without an e-mail address, please call them: %(names)s",
                names=", ".join(without_mail.mapped("name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if new else "info",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _hours_this_year(self, partners):
        """{partner id: (hours, shifts)} attended this calendar year."""
        year_start = date(fields.Date.context_today(self).year, 1, 1)
        year_end = year_start + relativedelta(years=1)
        groups = (
            self.env["kuemmerer.shift.registration"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "=", "attended"),
                    ("date_begin", ">=", fields.Datetime.to_datetime(year_start)),
                    ("date_begin", "<", fields.Datetime.to_datetime(year_end)),
                ],
                ["partner_id"],
                ["hours:sum", "__count"],
            )
        )
        return {partner.id: (hours, count) for partner, hours, count in groups}

    @api.model
    def _action_grant_portal_access(self, partner):
        """Odoo's own portal wizard: creates the portal user and sends the
        invitation e-mail with the link to set a password."""
        if not partner.is_volunteer:
            raise UserError(
                self.env._("Only volunteers get access to the volunteer portal.")
            )
        if not partner.email:
            raise UserError(
                self.env._(
                    "%(name)s has no e-mail address. Please enter it first: the "
                    "invitation "
                    "to the portal is sent by e-mail.",
                    name=partner.display_name,
                )
            )
        return (
            self.env["portal.wizard"]
            .with_context(active_ids=partner.ids, active_model="res.partner")
            .action_open_wizard()
        )

    @api.model
    def _portal_step_domain(self, partner, step_id=None):
        """The help steps the volunteer ``partner`` may see and report on on
        the portal: assigned to them, open, in a running help chain. This is
        their access rule: volunteers have no ORM access to help steps (their
        fields name the resident)."""
        domain = [
            ("volunteer_id", "=", partner.id),
            ("state", "in", ("todo", "waiting")),
            ("chain_id.state", "=", "running"),
        ]
        if step_id:
            domain.append(("id", "=", step_id))
        return domain

    @api.model
    def _portal_steps(self, partner, step_id=None):
        """Those help steps, as superuser: the portal shows only whitelisted
        values of them."""
        return (
            self.env["kuemmerer.help.step"]
            .sudo()
            .search(
                self._portal_step_domain(partner, step_id), order="date_deadline, id"
            )
        )

    @api.model
    def _portal_step_count(self, partner):
        Step = self.env["kuemmerer.help.step"].sudo()
        return Step.search_count(self._portal_step_domain(partner))

    @api.model
    def _portal_report(self, step, partner, report, failed=False):
        """The volunteer ``partner`` reports back on the help ``step`` on the
        portal (after the access check, as superuser): the step is done - or,
        with ``failed``, it did not work out and the person responsible gets
        an activity to decide what comes next - and the report, plain text,
        is added to its confidential outcome (never to the activity: the
        outcome is erased with the need)."""
        step.ensure_one()
        if step.state != "todo":
            raise UserError(
                self.env._(
                    "This task is not due yet. Please report back once it is your turn."
                )
            )
        date = format_date(self.env, fields.Date.context_today(step))
        if failed:
            header = self.env._(
                "Report of %(name)s on %(date)s: it did not work out, because:",
                name=partner.name,
                date=date,
            )
        else:
            header = self.env._(
                "Report of %(name)s on %(date)s:", name=partner.name, date=date
            )
        outcome = "\n\n".join(filter(None, [step.outcome, f"{header}\n{report}"]))
        if failed:
            step.action_fail()
        else:
            step.action_done()
        step.outcome = outcome
        if failed:
            user = (
                step.user_id
                or step.need_id.user_id
                or step.quarter_id.manager_id
                or self.env["kuemmerer.tools"]._fallback_coordinator()
            )
            Activity = self.env["kuemmerer.activity"]
            _ = Activity._kuemmerer_lang(user)  # stored: the assignee's language
            Activity._kuemmerer_schedule(
                [
                    {
                        "record": step.need_id,
                        "user_id": user.id,
                        "summary": _("Did not work out: %(step)s", step=step.name),
                        "note": plaintext2html(
                            _(
                                "%(name)s reported on the portal that the step did "
                                "not work "
                                "out. The reason is in the step's outcome. Please "
                                "decide how "
                                "to go on.",
                                name=partner.name,
                            )
                        ),
                    }
                ]
            )
        return True
