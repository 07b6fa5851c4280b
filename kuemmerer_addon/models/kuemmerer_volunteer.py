# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Volunteers: where they help, who looks after them, the extended police
certificate (erweitertes Führungszeugnis)."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import plaintext2html
from odoo.tools.misc import format_date

# the extended police certificate is asked for again after
POLICE_CERTIFICATE_YEARS = 5


class KuemmererVolunteer(models.AbstractModel):
    _name = "kuemmerer.volunteer"
    _description = "Volunteer Services"

    @api.model
    def _quarters(self, partner):
        """The quarters in which the volunteer ``partner`` sees and takes shifts."""
        partner = partner.sudo()
        return partner.quarter_id | partner.volunteer_quarter_ids

    @api.model
    def _police_certificate_limit(self):
        """Certificates issued on or before this date are too old."""
        return fields.Date.context_today(self) - relativedelta(
            years=POLICE_CERTIFICATE_YEARS
        )

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
    def _police_certificate_due(self, partners):
        """The active volunteers of ``partners`` whose certificate is missing
        or too old."""
        limit = self._police_certificate_limit()
        return partners.filtered(
            lambda p: p.is_volunteer
            and p.volunteer_state == "active"
            and (not p.police_certificate_date or p.police_certificate_date <= limit)
        )

    @api.model
    def _police_certificate_due_domain(self, operator, value):
        """The search of ``res.partner.police_certificate_due``."""
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("This search is not supported."))
        due = [
            ("is_volunteer", "=", True),
            ("volunteer_state", "=", "active"),
            "|",
            ("police_certificate_date", "=", False),
            ("police_certificate_date", "<=", self._police_certificate_limit()),
        ]
        if (operator == "=") == bool(value):
            return due
        return ["!", *expression.normalize_domain(due)]

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
