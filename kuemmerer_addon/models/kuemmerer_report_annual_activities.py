# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Annual report sections for volunteers and shifts, neighbourhood events,
preventive home visits, referrals and help plans (see
kuemmerer_report_annual.py for the machinery)."""

from odoo import api, models


class KuemmererReportAnnual(models.AbstractModel):
    _inherit = "kuemmerer.report.annual"

    @api.model
    def _kuemmerer_report_sections(self, date_from, date_to, quarters):
        sections = super()._kuemmerer_report_sections(date_from, date_to, quarters)
        sections += [
            self._kuemmerer_section_volunteers(date_from, date_to, quarters),
            self._kuemmerer_section_shifts(date_from, date_to, quarters),
            self._kuemmerer_section_events(date_from, date_to, quarters),
            self._kuemmerer_section_visits(date_from, date_to, quarters),
            self._kuemmerer_section_referrals(date_from, date_to, quarters),
            self._kuemmerer_section_goals(date_from, date_to, quarters),
        ]
        return sections

    # volunteers and shifts

    @api.model
    def _kuemmerer_section_volunteers(self, date_from, date_to, quarters):
        """Hours per month: hidden when fewer than three volunteers are behind them."""
        groups = self.env["kuemmerer.shift.registration"]._read_group(
            self._kuemmerer_datetime_range("date_begin", date_from, date_to)
            + self._kuemmerer_quarter_domain(quarters)
            + [("state", "=", "attended")],
            ["date_begin:month"],
            ["hours:sum", "partner_id:count_distinct"],
        )
        by_month = {
            (month.year, month.month): (hours, people)
            for month, hours, people in groups
        }
        rows = []
        for month in self._kuemmerer_months(date_from, date_to):
            hours, people = by_month.get((month.year, month.month), (0.0, 0))
            rows.append(
                (
                    self._kuemmerer_month_label(month),
                    [people, self._kuemmerer_cell(hours, people, "days")],
                )
            )
        return self._kuemmerer_section(
            "volunteers",
            self.env._("Volunteers per month"),
            self.env._("Month"),
            rows,
            columns=[self.env._("Active volunteers"), self.env._("Hours")],
            chart=True,
            dashboard=True,
        )

    @api.model
    def _kuemmerer_section_shifts(self, date_from, date_to, quarters):
        Shift = self.env["kuemmerer.shift"]
        domain = (
            self._kuemmerer_datetime_range("date_begin", date_from, date_to)
            + self._kuemmerer_quarter_domain(quarters)
            + [("state", "in", ("published", "done"))]
        )
        groups = Shift._read_group(domain, ["quarter_id"], ["__count", "seats_max:sum"])
        # the share counts only shifts with a limit: an unlimited one has no seats
        # to fill
        taken_of = dict(
            Shift._read_group(
                domain + [("seats_max", ">", 0)], ["quarter_id"], ["seats_taken:sum"]
            )
        )
        rows = []
        for quarter, count, seats_max in groups:
            taken = taken_of.get(quarter, 0)
            share = self._kuemmerer_cell(
                100.0 * taken / seats_max if seats_max else 0, taken, "percent"
            )
            rows.append(
                (
                    quarter.display_name or self.env._("Not set"),
                    [count, seats_max, share],
                )
            )
        return self._kuemmerer_section(
            "shifts",
            self.env._("Shifts: seats filled"),
            self.env._("Quarter"),
            rows,
            columns=[self.env._("Shifts"), self.env._("Seats"), self.env._("Filled")],
            note=self.env._("Shifts without a seat limit count no seats."),
        )

    # neighbourhood events

    @api.model
    def _kuemmerer_section_events(self, date_from, date_to, quarters):
        Attendee = self.env["calendar.attendee"].sudo()
        domain = [
            ("event_id.is_neighbourhood_event", "=", True),
            *self._kuemmerer_datetime_range("event_id.start", date_from, date_to),
            *self._kuemmerer_quarter_domain(quarters, "event_id.quarter_id"),
            ("partner_id.is_resident", "=", True),
        ]
        invited = Attendee.search_count(domain)
        accepted = Attendee.search_count(domain + [("state", "=", "accepted")])
        present = Attendee.search_count(
            domain + [("kuemmerer_attendance", "=", "present")]
        )
        events = (
            self.env["calendar.event"]
            .sudo()
            .search_count(
                [
                    ("is_neighbourhood_event", "=", True),
                    *self._kuemmerer_datetime_range("start", date_from, date_to),
                    *self._kuemmerer_quarter_domain(quarters),
                ]
            )
        )
        rows = [
            (self.env._("Neighbourhood events"), [events]),
            (self.env._("Residents invited by e-mail"), [invited]),
            (self.env._("Accepted"), [accepted]),
            (self.env._("Present"), [present]),
        ]
        return self._kuemmerer_section(
            "events",
            self.env._("Neighbourhood events"),
            self.env._("Figure"),
            rows,
            dashboard=True,
        )

    # home visits

    @api.model
    def _kuemmerer_section_visits(self, date_from, date_to, quarters):
        Visit = self.env["kuemmerer.visit"]
        domain = self._kuemmerer_datetime_range(
            "date", date_from, date_to
        ) + self._kuemmerer_quarter_domain(quarters)
        done = Visit.search_count(domain + [("state", "=", "done")])
        needs = self.env["kuemmerer.need"].search_count(
            self._kuemmerer_need_domain(date_from, date_to, quarters)
            + [("source", "=", "home_visit")]
        )
        rows = [
            (self.env._("Home visits done"), [done]),
            (self.env._("Needs found on home visits"), [needs]),
            (
                self.env._("Needs found per visit"),
                [self._kuemmerer_cell(needs / done if done else 0, done, "days")],
            ),
        ]
        return self._kuemmerer_section(
            "visits",
            self.env._("Preventive home visits"),
            self.env._("Figure"),
            rows,
            dashboard=True,
        )

    # referrals that come back: per network partner, how many referrals were
    # sent, how many were answered on the referral page and how long the
    # answer took ("< 3" for one or two: the figures are about residents);
    # the goals of help plans reached in the period, by whose goal they were

    @api.model
    def _kuemmerer_section_goals(self, date_from, date_to, quarters):
        Goal = self.env["kuemmerer.need.goal"]
        groups = dict(
            Goal._read_group(
                [
                    ("state", "=", "reached"),
                    ("date_reached", ">=", date_from),
                    ("date_reached", "<=", date_to),
                    *self._kuemmerer_quarter_domain(quarters),
                ],
                ["owner"],
                ["__count"],
            )
        )
        rows = [
            (
                self._kuemmerer_selection_label(Goal._name, "owner", owner),
                [groups.get(owner, 0)],
            )
            for owner, _label in Goal._fields["owner"].selection
        ]
        return self._kuemmerer_section(
            "goals_by_owner",
            self.env._("Goals of help plans reached, by whose goal"),
            self.env._("Whose goal"),
            rows,
            chart=True,
        )

    @api.model
    def _kuemmerer_section_referrals(self, date_from, date_to, quarters):
        groups = self.env["kuemmerer.help.step"]._read_group(
            self._kuemmerer_datetime_range("date_sent", date_from, date_to)
            + self._kuemmerer_quarter_domain(quarters)
            + [("referral_state", "!=", "none")],
            ["provider_id"],
            ["__count", "date_referral_answer:count", "referral_answer_days:avg"],
        )
        rows = []
        for provider, sent, answered, days in sorted(
            groups, key=lambda g: (-g[1], g[0].display_name or "")
        ):
            share = 100.0 * answered / sent if sent else 0.0
            rows.append(
                (
                    provider.display_name or self.env._("Not set"),
                    [
                        sent,
                        self._kuemmerer_cell(share, sent, "percent"),
                        self._kuemmerer_cell(days or 0.0, answered, "days"),
                    ],
                )
            )
        return self._kuemmerer_section(
            "referrals_by_provider",
            self.env._("Referrals by network partner"),
            self.env._("Network partner"),
            rows,
            columns=[
                self.env._("Referrals"),
                self.env._("Answered"),
                self.env._("Days to answer"),
            ],
            note=self.env._(
                "Answers given on the referral page. A network partner with fewer "
                'than three referrals is shown as "< 3".'
            ),
        )
