# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Preventive home visits: who is due, when was the last, when the next."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.osv import expression

# residents without a quarter: the quarter defaults
VISIT_MIN_AGE = 75
VISIT_INTERVAL_MONTHS = 12


class KuemmererVisitPlanning(models.AbstractModel):
    _name = "kuemmerer.visit.planning"
    _description = "Home Visit Planning"

    @api.model
    def _visit_dates(self, partners):
        """{partner id: (date of the last visit done, date of the next one)}:
        the next is the planned visit, or the date proposed after the last."""
        partner_ids = [pid for pid in partners.ids if pid]
        visits = (
            self.env["kuemmerer.visit"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", partner_ids),
                    ("state", "in", ("planned", "done")),
                ],
                ["partner_id", "date", "state", "next_visit_date"],
                order="date desc, id desc",
            )
        )
        last_done, first_planned = {}, {}
        for visit in visits:
            if visit.state == "done":
                last_done.setdefault(visit.partner_id.id, visit)
            else:
                first_planned[visit.partner_id.id] = (
                    visit  # ordered desc: the earliest wins
                )
        result = {}
        for partner_id in partner_ids:
            done = last_done.get(partner_id)
            planned = first_planned.get(partner_id)
            result[partner_id] = (
                done and done.date.date(),
                (planned and planned.date.date()) or (done and done.next_visit_date),
            )
        return result

    @api.model
    def _due_domain(self):
        """A domain on case files (kuemmerer.resident): of the quarter's home
        visit age or with attention level 2 or more, and no home visit done
        within the quarter's visit interval."""
        today = fields.Date.context_today(self)
        Visit = self.env["kuemmerer.visit"].sudo()

        def due_in(quarter_domain, min_age, interval_months):
            who = [("attention_level", ">=", 2)]
            if min_age:
                born_before = today - relativedelta(years=min_age)
                who = expression.OR([who, [("birthdate", "<=", born_before)]])
            visited = Visit._search(
                [
                    ("state", "=", "done"),
                    ("date", ">=", today - relativedelta(months=interval_months)),
                ]
            )
            return expression.AND(
                [
                    quarter_domain,
                    who,
                    [("partner_id", "not in", visited.subselect("partner_id"))],
                ]
            )

        quarters = (
            self.env["kuemmerer.quarter"]
            .sudo()
            .with_context(active_test=False)
            .search([])
        )
        branches = [
            due_in(
                [("quarter_id", "=", quarter.id)],
                quarter.visit_min_age,
                quarter.visit_interval_months,
            )
            for quarter in quarters
        ]
        branches.append(
            due_in([("quarter_id", "=", False)], VISIT_MIN_AGE, VISIT_INTERVAL_MONTHS)
        )
        return expression.AND([[("is_resident", "=", True)], expression.OR(branches)])

    @api.model
    def _action_plan(self, partner):
        """A new home visit at ``partner``."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Home Visit"),
            "res_model": "kuemmerer.visit",
            "view_mode": "form",
            "target": "current",
            "context": {"default_partner_id": partner.id},
        }

    @api.model
    def _sync_calendar_events(self, visits):
        """Each home visit in the Kümmerer's calendar, with the resident as attendee
        when they have an e-mail address. The entry is private and its name
        says nothing but "home visit": every internal user can read calendar
        entries."""
        model_id = self.env["ir.model"]._get_id(visits._name)
        for visit in visits:
            partners = visit.user_id.partner_id
            if visit.partner_id.email:
                partners |= visit.partner_id
            vals = {
                "name": self.env._("Home visit"),
                "start": visit.date,
                "stop": visit.date + timedelta(hours=visit.duration or 1.0),
                "allday": False,
                "user_id": visit.user_id.id,
                "privacy": "private",
                "location": visit.partner_id._display_address(without_company=True)
                .replace("\n", ", ")
                .strip(", "),
                "partner_ids": [Command.set(partners.ids)],
            }
            # sudo: the visit's access is checked; Odoo refuses writing a private
            # entry of another organizer, e.g. when a coordinator moves a visit
            if visit.calendar_event_id:
                visit.calendar_event_id.sudo().write(vals)
            else:
                event = (
                    self.env["calendar.event"]
                    .sudo()
                    .create({**vals, "res_model_id": model_id, "res_id": visit.id})
                )
                visit.calendar_event_id = event.with_env(visits.env)
