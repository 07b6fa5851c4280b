# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import CASEWORK


class KuemmererVisitAnswer(models.Model):
    _name = "kuemmerer.visit.answer"
    _inherit = ["kuemmerer.sensitive.mixin"]
    _kuemmerer_sensitive_fields = ("answer", "note")
    _kuemmerer_partner_path = "partner_id"
    _description = "Home Visit Answer"
    _order = "visit_id, sequence, id"
    _rec_name = "question_id"

    visit_id = fields.Many2one(
        "kuemmerer.visit",
        string="Home Visit",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(related="visit_id.partner_id", string="Resident")
    question_id = fields.Many2one(
        "kuemmerer.checklist.question",
        string="Question",
        required=True,
        ondelete="restrict",
    )
    sequence = fields.Integer(related="question_id.sequence", store=True)
    category_id = fields.Many2one(
        related="question_id.category_id", string="Need Category"
    )
    trigger_answer = fields.Selection(related="question_id.trigger_answer")
    # sensitive: what the resident told
    answer = fields.Selection(
        [("yes", "Yes"), ("no", "No"), ("na", "Not applicable")], groups=CASEWORK
    )
    note = fields.Char(groups=CASEWORK)
    points_to_need = fields.Boolean(
        compute="_compute_points_to_need",
        groups=CASEWORK,
        help="The answer is the one that points to a need of the question's category.",
    )

    _sql_constraints = [
        (
            "visit_question_uniq",
            "unique(visit_id, question_id)",
            "Each question is answered only once per home visit.",
        ),
    ]

    @api.depends("answer", "question_id.trigger_answer")
    def _compute_points_to_need(self):
        for answer in self:
            answer.points_to_need = bool(answer.answer) and (
                answer.answer == answer.question_id.trigger_answer
            )

    def write(self, vals):
        if "answer" in vals and any(
            answer.visit_id.state != "planned" for answer in self
        ):
            raise UserError(
                self.env._(
                    "The home visit is finished or cancelled: its answers can no "
                    "longer be "
                    "changed. Please note changes on the need instead."
                )
            )
        return super().write(vals)
