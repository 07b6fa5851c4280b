# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Annual report section on referrals that come back: per network partner,
how many referrals were sent, how many were answered on the referral page and
how long the answer took (see kuemmerer_report_annual.py for the machinery).
Network partners are organisations; the figures are about residents, so a
partner with one or two referrals is shown as "< 3". And the goals of help
plans reached in the period, by whose goal they were."""

from odoo import api, models


class KuemmererReportAnnual(models.AbstractModel):
    _inherit = "kuemmerer.report.annual"

    @api.model
    def _kuemmerer_report_sections(self, date_from, date_to, quarters):
        sections = super()._kuemmerer_report_sections(date_from, date_to, quarters)
        sections.append(self._kuemmerer_section_referrals(date_from, date_to, quarters))
        sections.append(self._kuemmerer_section_goals(date_from, date_to, quarters))
        return sections

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
