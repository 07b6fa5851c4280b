# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kuemmerer_char_limit_mixin import check_char_limits

# what the public form takes at most (characters)
INTAKE_LIMITS = {
    "about": 200,
    "message": 4000,
    "contact_name": 100,
    "contact_phone": 40,
    "contact_email": 120,
}
# a name or a street to look for: words of three letters or more
WORD_RE = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# words that say nothing about whom a hint concerns
STOP_WORDS = {
    "frau",
    "herr",
    "herrn",
    "familie",
    "die",
    "der",
    "das",
    "und",
    "str",
    "strasse",
    "straße",
    "nachbar",
    "nachbarin",
    "mein",
    "meine",
    "meiner",
    "etage",
    "stock",
}
MAX_MATCHES = 8
# what the sender wrote: nobody changes it afterwards
SENDER_FIELDS = {
    "kind",
    "about",
    "message",
    "contact_name",
    "contact_phone",
    "contact_email",
}
# triaged hints are deleted after so many months (what mattered is in the need)
DEFAULT_RETENTION_MONTHS = 12


class KuemmererIntake(models.Model):
    """A hint from the public form (/kuemmerer/hinweis), also anonymous: a
    resident asks for help, or a relative or neighbour is worried about
    someone. The quarter's Kümmerer triages it: links it to a resident and
    turns it into a need, merges duplicates, or rejects it.

    Created only by the public controller (as superuser, after its checks);
    read only by the quarter's Kümmerer and the coordination (record rules);
    the message is a sensitive field, its reading logged."""

    _name = "kuemmerer.intake"
    _inherit = [
        "kuemmerer.casework.thread",
        "mail.activity.mixin",
        "kuemmerer.sensitive.mixin",
    ]
    _description = "Public Hint"
    _order = "state_sequence, create_date desc, id desc"
    _kuemmerer_sensitive_fields = (
        "message",
        "about",
        "contact_name",
        "contact_phone",
        "contact_email",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    kind = fields.Selection(
        [("worry", "I am worried about someone"), ("help", "I need help")],
        string="Concern",
        required=True,
        default="help",
    )
    quarter_id = fields.Many2one(
        "kuemmerer.quarter",
        string="Quarter",
        index=True,
        ondelete="restrict",
        help="Empty when the sender did not know it: "
        "the coordination assigns the hint.",
    )
    # what the sender wrote (sensitive: only who triages reads it)
    about = fields.Char(
        string="Concerns", groups="kuemmerer_addon.group_kuemmerer_user"
    )
    message = fields.Text(groups="kuemmerer_addon.group_kuemmerer_user")
    contact_name = fields.Char(
        string="Sender", groups="kuemmerer_addon.group_kuemmerer_user"
    )
    contact_phone = fields.Char(
        string="Phone", groups="kuemmerer_addon.group_kuemmerer_user"
    )
    contact_email = fields.Char(
        string="E-mail", groups="kuemmerer_addon.group_kuemmerer_user"
    )
    is_anonymous = fields.Boolean(
        string="Anonymous", compute="_compute_is_anonymous", store=True
    )
    # triage
    state = fields.Selection(
        [
            ("new", "New"),
            ("accepted", "Accepted"),
            ("merged", "Merged"),
            ("rejected", "Rejected"),
        ],
        required=True,
        default="new",
        index=True,
        tracking=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        index="btree_not_null",
        tracking=True,
        domain=[("is_resident", "=", True)],
        ondelete="set null",
    )
    category_id = fields.Many2one(
        "kuemmerer.need.category",
        string="Need Category",
        help="The category of the need that is recorded from this hint.",
    )
    need_id = fields.Many2one(
        "kuemmerer.need", string="Need", readonly=True, copy=False, ondelete="set null"
    )
    merged_into_id = fields.Many2one(
        "kuemmerer.intake",
        string="Duplicate of",
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        help="The hint this one repeats: choose it, then merge.",
    )
    user_id = fields.Many2one(
        "res.users", string="Triaged by", readonly=True, copy=False, tracking=True
    )
    date_triaged = fields.Datetime(readonly=True, copy=False)
    match_ids = fields.Many2many(
        "res.partner",
        string="Likely Residents",
        compute="_compute_match_ids",
        help="Residents of the quarter whose name or street appears in the hint.",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )

    @api.depends("contact_name", "contact_phone", "contact_email")
    def _compute_is_anonymous(self):
        for intake in self.sudo():
            intake.is_anonymous = not (
                intake.contact_name or intake.contact_phone or intake.contact_email
            )

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"new": 0, "accepted": 1, "merged": 2, "rejected": 3}
        for intake in self:
            intake.state_sequence = order.get(intake.state, 9)

    @api.depends("about", "contact_name", "quarter_id")
    def _compute_match_ids(self):
        """Residents of the intake's quarter whose name or street contains a
        word of "whom it concerns" (or, for "I need help", of the sender's
        name): one search per intake, only when shown on the form."""
        Partner = self.env["res.partner"]
        for intake in self:
            words = intake._kuemmerer_match_words()
            if not words or not intake.state == "new":
                intake.match_ids = Partner
                continue
            domain = [("is_resident", "=", True)]
            if intake.quarter_id:
                domain.append(("quarter_id", "=", intake.quarter_id.id))
            word_domains = []
            for word in words:
                word_domains += [("name", "ilike", word), ("street", "ilike", word)]
            domain += ["|"] * (len(word_domains) - 1) + word_domains
            candidates = Partner.search_fetch(domain, ["name", "street"], limit=50)

            def score(partner, words=words):
                text = (
                    "{} {}".format(partner.name or "", partner.street or "")
                ).lower()
                return -sum(word in text for word in words), partner.name or ""

            intake.match_ids = candidates.sorted(score)[:MAX_MATCHES]

    def _kuemmerer_match_words(self):
        self.ensure_one()
        intake = self.sudo()
        text = intake.about or ""
        if intake.kind == "help":
            text += " %s" % (intake.contact_name or "")
        words = {word.lower() for word in WORD_RE.findall(text)}
        return sorted(words - STOP_WORDS)[:6]

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            check_char_limits(self, vals, INTAKE_LIMITS)
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("kuemmerer.intake") or "/"
        return super().create(vals_list)

    def write(self, vals):
        check_char_limits(self, vals, INTAKE_LIMITS)
        if vals.get("partner_id") and not self.env.su:
            partner = self.env["res.partner"].browse(vals["partner_id"])
            if not partner.sudo().is_resident:
                raise UserError(
                    self.env._(
                        "Only residents can be linked. Please choose a resident."
                    )
                )
            self.env["kuemmerer.responsibility"]._check_in_care(partner)
        if not self.env.su and SENDER_FIELDS & set(vals):
            raise UserError(self.env._("What the sender wrote cannot be changed."))
        moved = self.browse()
        if "quarter_id" in vals:
            moved = self.filtered(
                lambda intake: intake.state == "new"
                and intake.quarter_id.id != (vals["quarter_id"] or False)
            )
        result = super().write(vals)
        if moved:
            # passed on to another quarter: the reminder goes with it
            self.env["kuemmerer.activity"]._kuemmerer_remove(moved.activity_ids)
            moved._kuemmerer_notify()
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _check_new(self):
        done = self.filtered(lambda intake: intake.state != "new")
        if done:
            raise UserError(
                self.env._(
                    "The hint %(name)s has already been dealt with. Reopen it first if "
                    "something needs to change.",
                    name=done[0].name,
                )
            )

    def _kuemmerer_triaged(self, vals):
        vals.update(
            {"user_id": self.env.user.id, "date_triaged": fields.Datetime.now()}
        )
        self.write(vals)
        self.activity_ids.filtered("active").sudo().action_feedback()

    def action_link(self, partner):
        """Link the hint to ``partner`` (a resident the user looks after)."""
        self.ensure_one()
        self._check_new()
        self.write({"partner_id": partner.id})
        return True

    @api.model
    def _kuemmerer_link_from_context(self, partner):
        """The button on a likely match: link the hint of the context to it."""
        partner.ensure_one()
        intake_id = self.env.context.get("kuemmerer_intake_id")
        intake_id = intake_id if isinstance(intake_id, int) else 0
        if not (intake := self.browse(intake_id).exists()):
            raise UserError(self.env._("Please open the hint again."))
        return intake.action_link(partner)

    def action_create_need(self):
        """Record a need for the linked resident, with the hint's text: the
        rules of casework apply (only for residents one looks after)."""
        self.ensure_one()
        self._check_new()
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "Please first choose the resident the hint is about. If the "
                    "person is not recorded yet, record them as a resident first."
                )
            )
        if not self.category_id:
            raise UserError(self.env._("Please choose the category of the need."))
        self.env["kuemmerer.responsibility"]._check_in_care(self.partner_id)
        need = self.env["kuemmerer.need"].create(
            {
                "partner_id": self.partner_id.id,
                "category_id": self.category_id.id,
                "source": "resident" if self.kind == "help" else "relative",
                "user_id": self.env.user.id,
                "description": self._kuemmerer_need_text(),
            }
        )
        self._kuemmerer_triaged({"state": "accepted", "need_id": need.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "kuemmerer.need",
            "res_id": need.id,
            "view_mode": "form",
            "target": "current",
        }

    def _kuemmerer_need_text(self):
        intake = self.sudo()
        sender = ", ".join(
            value
            for value in (
                intake.contact_name,
                intake.contact_phone,
                intake.contact_email,
            )
            if value
        ) or self.env._("anonymous")
        return self.env._(
            "Public hint %(ref)s (%(kind)s), from: %(sender)s\n\n%(message)s",
            ref=intake.name,
            kind=dict(self._fields["kind"]._description_selection(self.env))[
                intake.kind
            ],
            sender=sender,
            message=intake.message or "",
        )

    def action_merge(self):
        """Mark the hint as a repetition of ``merged_into_id`` (chosen on
        the form)."""
        self.ensure_one()
        self._check_new()
        target = self.merged_into_id
        if not target or target == self:
            raise UserError(self.env._("Please choose the hint this one repeats."))
        target.check_access("write")
        if target.state in ("merged", "rejected"):
            raise UserError(
                self.env._(
                    "The hint %(name)s was merged or rejected itself. Please choose "
                    "the hint that is being dealt with.",
                    name=target.name,
                )
            )
        self._kuemmerer_triaged({"state": "merged", "merged_into_id": target.id})
        return True

    def action_reject(self):
        """Nothing to do (spam, a mistake, not our matter)."""
        self._check_new()
        self._kuemmerer_triaged({"state": "rejected"})
        return True

    def action_reopen(self):
        if any(intake.state == "new" for intake in self):
            raise UserError(self.env._("This hint is still open."))
        if any(intake.need_id for intake in self):
            raise UserError(
                self.env._(
                    "A need was recorded from this hint: please continue with the need."
                )
            )
        self.write({"state": "new", "merged_into_id": False})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_receive(self, vals):
        """Record a hint of the public form (``vals`` already checked and
        cleaned by the controller) and tell the quarter's Kümmerer. Runs as
        the public user: the record is created by the superuser."""
        for fname in (
            "about",
            "message",
            "contact_name",
            "contact_phone",
            "contact_email",
        ):
            if vals.get(fname) and not isinstance(vals[fname], str):
                raise ValidationError(self.env._("Please check your entries."))
        quarter = (
            self.env["kuemmerer.quarter"].sudo().browse(vals.get("quarter_id")).exists()
        )
        intake = (
            self.with_user(SUPERUSER_ID)
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                dict(
                    vals,
                    quarter_id=quarter.id,
                    company_id=(quarter.company_id or self.env.company).id,
                )
            )
        )
        intake._kuemmerer_notify()
        return intake

    def _kuemmerer_notify(self):
        """A reminder for the first Kümmerer of the hint's quarter (none
        without a quarter: the coordination assigns it)."""
        Activity = self.env["kuemmerer.activity"].with_user(SUPERUSER_ID)
        vals_list = []
        for intake in self.sudo():
            responsible = intake.quarter_id.user_ids[:1]
            if responsible:
                _ = Activity._kuemmerer_lang(responsible)
                vals_list.append(
                    {
                        "record": intake,
                        "user_id": responsible.id,
                        "summary": _("Check the public hint %(ref)s", ref=intake.name),
                    }
                )
        Activity._kuemmerer_schedule(vals_list)

    @api.autovacuum
    def _gc_triaged_intakes(self):
        """Hints dealt with (accepted, merged, rejected) are deleted after
        the retention period (system parameter
        ``kuemmerer_addon.retention_intake_months``, default 12): who wrote
        what stays no longer than needed; an accepted hint's text lives on in
        its need, under the need's retention."""
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("kuemmerer_addon.retention_intake_months")
        )
        try:
            months = max(int(param), 1)
        except (TypeError, ValueError):
            months = DEFAULT_RETENTION_MONTHS
        limit = fields.Datetime.now() - relativedelta(months=months)
        old = self.sudo().search(
            [("state", "!=", "new"), ("date_triaged", "<", limit)], limit=1000
        )
        old.activity_ids.unlink()
        old.unlink()
