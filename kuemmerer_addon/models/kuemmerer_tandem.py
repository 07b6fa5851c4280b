# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tandems: a lasting pairing of a resident and a volunteer (Alltagsbegleitung,
Nachbarschaftshilfe), run under the rules of a programme
(``kuemmerer.programme``)."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kuemmerer_programme import MAX_MONTH_HOURS, PROGRAMMES

CASEWORK = "kuemmerer_addon.group_kuemmerer_user"
STATES = [
    ("proposed", "Proposed"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("ended", "Ended"),
]
# who the tandem is made of: changed only while it is proposed
PAIR_FIELDS = ("resident_id", "volunteer_id", "programme")


class KuemmererTandem(models.Model):
    _name = "kuemmerer.tandem"
    _inherit = [
        "kuemmerer.casework.thread",
        "mail.activity.mixin",
        "kuemmerer.sensitive.mixin",
    ]
    _description = "Tandem"
    _kuemmerer_sensitive_fields = ("agreement",)
    _kuemmerer_partner_path = "resident_id"
    _order = "state_sequence, date_start desc, id desc"

    # the pair
    resident_id = fields.Many2one(
        "res.partner",
        string="Resident",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_resident", "=", True)],
        tracking=True,
    )
    volunteer_id = fields.Many2one(
        "res.partner",
        string="Volunteer",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_volunteer", "=", True)],
        tracking=True,
    )
    quarter_id = fields.Many2one(
        related="resident_id.quarter_id", store=True, index=True, string="Quarter"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible Kümmerer",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain=lambda self: [("groups_id", "in", self.env.ref(CASEWORK).id)],
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True, index=True
    )
    # the programme and its limits
    programme = fields.Selection(
        PROGRAMMES, required=True, default="alltagsbegleitung", tracking=True
    )
    programme_id = fields.Many2one(
        "kuemmerer.programme", string="Programme Rules", compute="_compute_programme_id"
    )
    state = fields.Selection(
        STATES, required=True, default="proposed", tracking=True, index=True
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    date_start = fields.Date(string="Start", tracking=True)
    date_end = fields.Date(string="End", tracking=True)
    hours_month_max = fields.Float(
        string="Hours per Month at Most",
        help="For this tandem; at most the programme's limit. 0 = the programme's "
        "limit.",
    )
    independence_confirmed = fields.Boolean(
        string="Not Related, Not One Household",
        help="The volunteer is neither related (by blood or marriage) to the resident "
        "up to the "
        "second degree nor lives with them in one household.",
        tracking=True,
    )
    agreement = fields.Text(
        string="What Was Agreed",
        groups=CASEWORK,
        help="e.g. shopping on Tuesdays, a walk on Fridays",
    )
    visit_ids = fields.One2many("kuemmerer.tandem.visit", "tandem_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")

    @api.depends("programme", "company_id")
    def _compute_programme_id(self):
        by_company = {}
        for tandem in self:
            company = tandem.company_id or self.env.company
            if company.id not in by_company:
                by_company[company.id] = self.env[
                    "kuemmerer.programme"
                ]._kuemmerer_by_code(company)
            tandem.programme_id = by_company[company.id].get(tandem.programme)

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"active": 1, "proposed": 2, "paused": 3, "ended": 4}
        for tandem in self:
            tandem.state_sequence = order.get(tandem.state, 9)

    def _compute_visit_count(self):
        groups = self.env["kuemmerer.tandem.visit"]._read_group(
            [("tandem_id", "in", self.ids)], ["tandem_id"], ["__count"]
        )
        counts = {tandem.id: count for tandem, count in groups}
        for tandem in self:
            tandem.visit_count = counts.get(tandem.id, 0)

    @api.depends("resident_id", "volunteer_id")
    def _compute_display_name(self):
        for tandem in self.sudo():
            tandem.with_env(self.env).display_name = "{} – {}".format(
                tandem.resident_id.name or "",
                tandem.volunteer_id.name or "",
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("resident_id", "volunteer_id")
    def _check_pair(self):
        for tandem in self.sudo():
            if not tandem.resident_id.is_resident:
                raise ValidationError(
                    self.env._(
                        "A tandem is made for a resident. Please choose a person "
                        "marked as "
                        "resident."
                    )
                )
            if not tandem.volunteer_id.is_volunteer:
                raise ValidationError(
                    self.env._(
                        "A tandem is made with a volunteer. Please choose a person "
                        "marked as "
                        "volunteer."
                    )
                )
            if tandem.resident_id == tandem.volunteer_id:
                raise ValidationError(
                    self.env._("The resident cannot accompany themselves in a tandem.")
                )

    @api.constrains("date_start", "date_end", "hours_month_max")
    def _check_dates_hours(self):
        for tandem in self:
            if (
                tandem.date_start
                and tandem.date_end
                and tandem.date_end < tandem.date_start
            ):
                raise ValidationError(
                    self.env._("The end of a tandem cannot lie before its start.")
                )
            if not 0 <= tandem.hours_month_max <= MAX_MONTH_HOURS:
                raise ValidationError(
                    self.env._(
                        "Please enter the hours per month as a number between 0 and "
                        "%(max)s.",
                        max=MAX_MONTH_HOURS,
                    )
                )

    @api.constrains("user_id")
    def _check_user(self):
        group = self.env.ref(CASEWORK)
        if any(
            tandem.user_id and group not in tandem.user_id.groups_id
            for tandem in self.sudo()
        ):
            raise ValidationError(
                self.env._("The responsible person of a tandem must be a Kümmerer.")
            )

    @api.constrains("state", "resident_id", "volunteer_id")
    def _check_one_active_pair(self):
        live = self.filtered(lambda t: t.state in ("active", "paused"))
        if not live:
            return
        others = self.sudo().search_count(
            [
                ("id", "not in", live.ids),
                ("state", "in", ("active", "paused")),
                ("resident_id", "in", live.resident_id.ids),
                ("volunteer_id", "in", live.volunteer_id.ids),
            ]
        )
        doubles = others or len(
            {(t.resident_id.id, t.volunteer_id.id) for t in live}
        ) < len(live)
        if doubles:
            raise ValidationError(
                self.env._(
                    "This resident and this volunteer already have a running tandem. "
                    "Please "
                    "continue that one instead of starting a second."
                )
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        default = self.env.context.get("default_resident_id")
        partners = [vals.get("resident_id", default) for vals in vals_list]
        self._kuemmerer_check_care(partners)
        for vals in vals_list:
            if vals.get("state", "proposed") != "proposed":
                raise UserError(
                    self.env._(
                        "A tandem starts as proposed. Please activate it with the "
                        "button, so "
                        "that the programme's rules are checked."
                    )
                )
        tandems = super().create(vals_list)
        tandems._kuemmerer_subscribe_user()
        return tandems

    def write(self, vals):
        if vals.get("resident_id"):
            self._kuemmerer_check_care([vals["resident_id"]])
        if "state" in vals and not self.env.context.get("kuemmerer_tandem_state"):
            raise UserError(
                self.env._(
                    "Please change the state of a tandem with the buttons Activate, "
                    "Pause and "
                    "End."
                )
            )
        if any(name in vals for name in PAIR_FIELDS) and any(
            tandem.state != "proposed" for tandem in self
        ):
            raise UserError(
                self.env._(
                    "Resident, volunteer and programme of a running tandem cannot be "
                    "changed. "
                    "Please end it and propose a new tandem."
                )
            )
        result = super().write(vals)
        if "user_id" in vals:
            self._kuemmerer_subscribe_user()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_visits(self):
        if self.sudo().visit_ids:
            raise UserError(
                self.env._(
                    "A tandem with logged visits cannot be deleted: the visits belong "
                    "to the "
                    "programme's paperwork. Please end the tandem instead."
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_activate(self):
        for tandem in self:
            problems = tandem._kuemmerer_activation_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "The tandem %(tandem)s cannot be activated:\n%(reasons)s",
                        tandem=tandem.display_name,
                        reasons="\n".join(f"• {problem}" for problem in problems),
                    )
                )
            was_proposed = tandem.state == "proposed"
            tandem.with_context(kuemmerer_tandem_state=True).write(
                {
                    "state": "active",
                    "date_start": tandem.date_start or fields.Date.context_today(self),
                    "date_end": False,
                }
            )
            if was_proposed:
                self.env["kuemmerer.tandem.loop"]._tandem_assigned(tandem)
        return True

    def action_pause(self):
        if any(tandem.state != "active" for tandem in self):
            raise UserError(self.env._("Only an active tandem can be paused."))
        self.with_context(kuemmerer_tandem_state=True).write({"state": "paused"})
        return True

    def action_end(self):
        if any(tandem.state == "ended" for tandem in self):
            raise UserError(self.env._("This tandem has already ended."))
        today = fields.Date.context_today(self)
        for tandem in self:
            tandem.with_context(kuemmerer_tandem_state=True).write(
                {"state": "ended", "date_end": max(today, tandem.date_start or today)}
            )
        return True

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_tandem_visit_action"
        )
        action["domain"] = [("tandem_id", "=", self.id)]
        action["context"] = {"default_tandem_id": self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_activation_problems(self):
        """Why this tandem may not be activated: a list of German sentences
        (empty when it may)."""
        self.ensure_one()
        tandem = self.sudo()
        _ = self.env._
        problems = []
        if tandem.state not in ("proposed", "paused"):
            problems.append(_("Only a proposed or paused tandem can be activated."))
        volunteer = tandem.volunteer_id
        if volunteer.volunteer_state != "active":
            problems.append(
                _(
                    "%(volunteer)s is not an active volunteer. Please set their "
                    "volunteer "
                    "status to active first.",
                    volunteer=volunteer.name,
                )
            )
        if not self.env["kuemmerer.consent"]._kuemmerer_consented(
            tandem.resident_id, "share_volunteers"
        ):
            problems.append(
                _(
                    "%(resident)s has not agreed that their name and address are "
                    "passed on to "
                    "volunteers. Please record the consent first.",
                    resident=tandem.resident_id.name,
                )
            )
        programme = tandem.programme_id
        if programme:
            problems += tandem._kuemmerer_programme_problems(programme)
            problems += self.env[
                "kuemmerer.volunteer.qualification"
            ]._kuemmerer_missing_texts(volunteer, programme)
        return problems

    def _kuemmerer_programme_problems(self, programme):
        """The breaches of ``programme``'s rules (self is sudo)."""
        _ = self.env._
        problems = []
        resident = self.resident_id
        case_file = resident.kuemmerer_resident_ids[:1]
        if programme.min_age:
            if not case_file.birthdate:
                problems.append(
                    _(
                        "The programme %(programme)s is for people of at least "
                        "%(age)s years. "
                        "Please enter the date of birth in the case file of "
                        "%(resident)s.",
                        programme=programme.name,
                        age=programme.min_age,
                        resident=resident.name,
                    )
                )
            elif case_file.age < programme.min_age:
                problems.append(
                    _(
                        "The programme %(programme)s is for people of at least "
                        "%(age)s years; "
                        "%(resident)s is %(years)s.",
                        programme=programme.name,
                        age=programme.min_age,
                        resident=resident.name,
                        years=case_file.age,
                    )
                )
        problems += self._kuemmerer_care_level_problems(programme, case_file)
        if programme.exclude_relatives:
            if self._kuemmerer_same_household():
                problems.append(
                    _(
                        "Volunteer and resident live at the same address and flat. "
                        "The programme "
                        "%(programme)s does not allow a tandem within one household.",
                        programme=programme.name,
                    )
                )
            elif not self.independence_confirmed:
                problems.append(
                    _(
                        "Please confirm that the volunteer is neither related to the "
                        "resident up "
                        "to the second degree nor lives with them in one household "
                        "(tick "
                        "“Not Related, Not One Household”)."
                    )
                )
        if (
            programme.hours_month_max
            and self.hours_month_max > programme.hours_month_max
        ):
            problems.append(
                _(
                    "The programme %(programme)s allows at most %(max)s hours a "
                    "month. Please "
                    "lower the tandem's hours.",
                    programme=programme.name,
                    max=self._kuemmerer_hours_text(programme.hours_month_max),
                )
            )
        return problems

    def _kuemmerer_care_level_problems(self, programme, case_file):
        _ = self.env._
        level = case_file.care_level
        if programme.care_level_rule == "none":
            if not level:
                return [
                    _(
                        "The programme %(programme)s is only for people without a "
                        "care level "
                        "(Pflegegrad). Please record in the case file whether "
                        "%(resident)s has "
                        "one.",
                        programme=programme.name,
                        resident=self.resident_id.name,
                    )
                ]
            if level not in ("none", "applied"):
                return [
                    _(
                        "The programme %(programme)s is only for people without a "
                        "care level "
                        "(Pflegegrad); %(resident)s has care level %(level)s. "
                        "Neighbourly help "
                        "may fit instead.",
                        programme=programme.name,
                        resident=self.resident_id.name,
                        level=level,
                    )
                ]
        if programme.care_level_rule == "required" and level not in (
            "1",
            "2",
            "3",
            "4",
            "5",
        ):
            return [
                _(
                    "The programme %(programme)s is for people with a care level "
                    "(Pflegegrad) "
                    "of 1 to 5. Please record the care level of %(resident)s in the "
                    "case file.",
                    programme=programme.name,
                    resident=self.resident_id.name,
                )
            ]
        return []

    def _kuemmerer_same_household(self):
        resident, volunteer = self.resident_id, self.volunteer_id

        def key(partner):
            return tuple(
                (value or "").strip().casefold()
                for value in (partner.street, partner.zip, partner.flat_number)
            )

        return bool(
            resident.street and resident.flat_number and key(resident) == key(volunteer)
        )

    def _kuemmerer_month_limit(self):
        """The hours a month of this tandem (0 = no limit)."""
        self.ensure_one()
        programme_max = self.programme_id.hours_month_max
        own = self.hours_month_max
        if own and programme_max:
            return min(own, programme_max)
        return own or programme_max

    @api.model
    def _kuemmerer_hours_text(self, hours):
        """3.5 → "3:30"."""
        minutes = round(hours * 60)
        return "%d:%02d" % divmod(minutes, 60)

    def _kuemmerer_subscribe_user(self):
        for tandem in self:
            if tandem.user_id:
                tandem.message_subscribe(partner_ids=tandem.user_id.partner_id.ids)

    @api.model
    def _kuemmerer_check_care(self, partner_ids):
        """Tandems are made for residents one looks after."""
        if self.env.su:
            return
        partners = self.env["res.partner"].browse({pid for pid in partner_ids if pid})
        self.env["kuemmerer.responsibility"]._check_in_care(partners)
