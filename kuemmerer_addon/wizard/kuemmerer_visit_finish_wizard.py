# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models

from ..const import CASEWORK


class KuemmererVisitFinishWizard(models.TransientModel):
    """'Finish Visit': before anything is recorded, the Kümmerer sees what
    will be recorded — one new need per category with an answer that points
    to a need, or a note on the resident's open need of that category — and
    unticks what should not be recorded."""

    _name = "kuemmerer.visit.finish.wizard"
    _description = "Finish Home Visit"

    visit_id = fields.Many2one(
        "kuemmerer.visit",
        string="Home Visit",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        related="visit_id.partner_id", string="Resident", compute_sudo=False
    )
    line_ids = fields.One2many(
        "kuemmerer.visit.finish.wizard.line", "wizard_id", string="To Be Recorded"
    )
    next_visit_date = fields.Date(string="Next Visit Proposed", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        # only for a visit the user may finish: the dialog shows the
        # resident's name and answers
        visits = self.env["kuemmerer.visit"].browse(
            [vals["visit_id"] for vals in vals_list if vals.get("visit_id")]
        )
        visits.check_access("write")
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm(self):
        self.ensure_one()
        categories = self.line_ids.filtered("selected").category_id
        self.visit_id._kuemmerer_finish(categories)
        # the preview showed the answers: it is not kept (the user's own
        # dialog, which the access rights let nobody delete)
        self.sudo().unlink()
        return {"type": "ir.actions.act_window_close"}

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kuemmerer_prepare_lines(self):
        """One line per category that the visit's answers point to."""
        self.ensure_one()
        visit = self.visit_id
        self.line_ids = [
            Command.create(
                {
                    "category_id": category.id,
                    "need_id": need.id,
                }
            )
            for category, (need, _answers) in visit._kuemmerer_need_preview().items()
        ]


class KuemmererVisitFinishWizardLine(models.TransientModel):
    _name = "kuemmerer.visit.finish.wizard.line"
    _description = "Finish Home Visit: What Is Recorded"
    _order = "id"

    wizard_id = fields.Many2one(
        "kuemmerer.visit.finish.wizard", required=True, ondelete="cascade"
    )
    selected = fields.Boolean(string="Record", default=True)
    category_id = fields.Many2one(
        "kuemmerer.need.category", string="Need Category", required=True, readonly=True
    )
    need_id = fields.Many2one(
        "kuemmerer.need",
        string="Open Need",
        readonly=True,
        help="The resident's open need of this category: it gets a note instead of a "
        "new need.",
    )
    kind = fields.Selection(
        [("new", "New need"), ("note", "Note on the open need")],
        string="Recorded as",
        compute="_compute_kind",
    )
    kind_label = fields.Char(string="What is recorded", compute="_compute_kind")
    # computed as the user from the visit's answers, never stored: the
    # dialog's rows do not keep a copy of what the resident said
    answers = fields.Text(compute="_compute_answers", groups=CASEWORK)

    @api.depends("wizard_id.visit_id", "category_id")
    def _compute_answers(self):
        for wizard, lines in self.grouped("wizard_id").items():
            visit = wizard.visit_id
            preview = visit._kuemmerer_need_preview() if visit else {}
            for line in lines:
                _need, answers = preview.get(line.category_id, (None, None))
                line.answers = (
                    "\n".join(visit._answer_lines(answers)) if answers else False
                )

    @api.depends("need_id")
    def _compute_kind(self):
        for line in self:
            line.kind = "note" if line.need_id else "new"
            line.kind_label = (
                self.env._("Note on the open need %(need)s", need=line.need_id.name)
                if line.need_id
                else self.env._("New need")
            )
