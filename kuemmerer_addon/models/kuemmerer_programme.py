# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rules of a programme under which tandems of a resident and a
volunteer are run, configurable per programme.

The shipped defaults (``data/kuemmerer_programme_data.xml``) follow what the
Free State of Saxony publishes, as checked in November 2026:

* "Alltagsbegleitung für Seniorinnen und Senioren" (RL Ältere Menschen,
  part A; https://www.pflegenetz.sachsen.de/alltagsbegleiter-fuer-senioren.html,
  https://www.sab.sachsen.de/%C3%84ltere-menschen): for people of at least 60
  without a Pflegegrad (or while one is applied for), up to 32 hours a month;
  the volunteer is neither related nor related by marriage to the person up
  to the second degree and does not live with them in one household; the
  volunteer receives an allowance (Aufwandsentschädigung) of at most 80 € a
  month (the carrier a flat 20 € per volunteer, not handled here). The addon
  reduces the 80 € pro rata for fewer than 32 hours.
* Nachbarschaftshilfe (Saxony: SächsPflUVO of 25.11.2021, an offer of support
  in everyday life under § 45a SGB XI, paid from the resident's
  Entlastungsbetrag under § 45b SGB XI;
  https://www.pflegenetz.sachsen.de/nachbarschaftshelfer.html): for people
  with a Pflegegrad (from 1), of any age; helper and resident are neither
  related up to the second degree nor live in one household. The
  Entlastungsbetrag is paid by the care insurance to the resident, so the
  programme pays no allowance here and sets no monthly hour limit.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PROGRAMMES = [
    ("alltagsbegleitung", "Alltagsbegleitung (everyday companionship)"),
    ("nachbarschaftshilfe", "Neighbourly help (§ 45a SGB XI)"),
    ("other", "Other"),
]
CARE_LEVEL_RULES = [
    ("none", "Only without a care level (or while one is applied for)"),
    ("required", "Only with a care level (1 to 5)"),
    ("any", "No condition"),
]
# hours of one month can never be more than this (a sanity limit of the form)
MAX_MONTH_HOURS = 200


class KuemmererProgramme(models.Model):
    _name = "kuemmerer.programme"
    _description = "Tandem Programme"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(PROGRAMMES, required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True, index=True
    )
    # who may be accompanied
    min_age = fields.Integer(
        string="Minimum Age of the Resident", help="0 = no condition on the age."
    )
    care_level_rule = fields.Selection(
        CARE_LEVEL_RULES, string="Care Level (Pflegegrad)", required=True, default="any"
    )
    exclude_relatives = fields.Boolean(
        string="Not Related, Not One Household",
        help="The volunteer may be neither related (by blood or marriage) to the "
        "resident up "
        "to the second degree nor live with them in one household; the Kümmerer "
        "confirms "
        "it on the tandem.",
    )
    # hours and allowance
    hours_month_max = fields.Float(
        string="Hours per Month at Most",
        help="Per volunteer and month, over all their tandems of this programme. 0 = "
        "no limit.",
    )
    allowance_month = fields.Float(
        string="Allowance per Month (€)",
        help="The volunteer's allowance for a full month; 0 = no allowance.",
    )
    allowance_hours = fields.Float(
        string="Hours of a Full Month",
        help="The allowance is paid in full from this many hours in a month and "
        "reduced "
        "pro rata below. 0 = the full allowance for any hours.",
    )
    qualification_ids = fields.Many2many(
        "kuemmerer.qualification",
        "kuemmerer_programme_qualification_rel",
        "programme_id",
        "qualification_id",
        string="Required Qualifications",
    )
    note = fields.Text(string="Rules and Sources")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "There is already a programme of this kind.",
        ),
    ]

    @api.constrains("min_age", "hours_month_max", "allowance_month", "allowance_hours")
    def _check_numbers(self):
        for programme in self:
            if not 0 <= programme.min_age <= 120:
                raise ValidationError(
                    self.env._("Please enter a minimum age between 0 and 120 years.")
                )
            if not 0 <= programme.hours_month_max <= MAX_MONTH_HOURS:
                raise ValidationError(
                    self.env._(
                        "Please enter the hours per month as a number between 0 and "
                        "%(max)s (0 = no limit).",
                        max=MAX_MONTH_HOURS,
                    )
                )
            if programme.allowance_month < 0 or not (
                0 <= programme.allowance_hours <= MAX_MONTH_HOURS
            ):
                raise ValidationError(
                    self.env._("The allowance and its hours cannot be negative.")
                )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_by_code(self, company=None):
        """{code: programme} of the company (one query)."""
        company = company or self.env.company
        programmes = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("company_id", "=", company.id)], order="active desc, sequence, id"
            )
        )
        result = {}
        for programme in programmes:
            result.setdefault(programme.code, programme)
        return result

    def _kuemmerer_allowance(self, hours):
        """The allowance for ``hours`` in one month, pro rata."""
        self.ensure_one()
        if not self.allowance_month or hours <= 0:
            return 0.0
        if not self.allowance_hours:
            return self.allowance_month
        share = min(hours, self.allowance_hours) / self.allowance_hours
        return round(self.allowance_month * share, 2)
