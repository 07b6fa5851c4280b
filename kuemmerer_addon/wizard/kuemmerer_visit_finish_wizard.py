# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models

CASEWORK = "kuemmerer_addon.group_kuemmerer_user"


class KuemmererVisitFinishWizard(models.TransientModel):
    """'Finish Visit': before anything is recorded, the Kümmerer sees what
    will be recorded — one new need per category with an answer that points
    to a need, or a note on the resident's open need of that category — and
    unticks what should not be recorded."""

    _name = "kuemmerer.visit.finish.wizard"
    _description = "Finish Home Visit"

    visit_id = fields.Many2one(
        "kuemmerer.visit", string="Home Visit", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="visit_id.partner_id", string="Resident")
    line_ids = fields.One2many(
        "kuemmerer.visit.finish.wizard.line", "wizard_id", string="To Be Recorded"
    )
    next_visit_date = fields.Date(string="Next Visit Proposed", readonly=True)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm(self):
        self.ensure_one()
        categories = self.line_ids.filtered("selected").category_id
        self.visit_id._kuemmerer_finish(categories)
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
                    "answers": "\n".join(visit._answer_lines(answers)),
                }
            )
            for category, (need, answers) in visit._kuemmerer_need_preview().items()
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
        help="The resident's open need of this category: it gets a note instead of a new need.",
    )
    kind = fields.Selection(
        [("new", "New need"), ("note", "Note on the open need")],
        string="Recorded as",
        compute="_compute_kind",
    )
    kind_label = fields.Char(string="What is recorded", compute="_compute_kind")
    answers = fields.Text(readonly=True, groups=CASEWORK)

    @api.depends("need_id")
    def _compute_kind(self):
        for line in self:
            line.kind = "note" if line.need_id else "new"
            line.kind_label = (
                self.env._("Note on the open need %(need)s", need=line.need_id.name)
                if line.need_id
                else self.env._("New need")
            )
