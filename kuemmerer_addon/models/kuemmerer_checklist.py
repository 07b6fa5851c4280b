# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KuemmererChecklist(models.Model):
    _name = "kuemmerer.checklist"
    _description = "Home Visit Checklist"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    question_ids = fields.One2many(
        "kuemmerer.checklist.question", "checklist_id", string="Questions", copy=True
    )
    question_count = fields.Integer(
        compute="_compute_question_count", string="Questions Count"
    )

    def _compute_question_count(self):
        groups = self.env["kuemmerer.checklist.question"]._read_group(
            [("checklist_id", "in", self.ids)], ["checklist_id"], ["__count"]
        )
        counts = {checklist.id: count for checklist, count in groups}
        for checklist in self:
            checklist.question_count = counts.get(checklist.id, 0)


class KuemmererChecklistQuestion(models.Model):
    _name = "kuemmerer.checklist.question"
    _description = "Home Visit Checklist Question"
    _order = "checklist_id, sequence, id"

    checklist_id = fields.Many2one(
        "kuemmerer.checklist",
        string="Checklist",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Question", required=True, translate=True)
    category_id = fields.Many2one(
        "kuemmerer.need.category",
        string="Need Category",
        required=True,
        ondelete="restrict",
        help="The need that is recorded when the answer points to a need.",
    )
    trigger_answer = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        string="Need when Answer is",
        required=True,
        default="yes",
        help="The answer that points to a need of the category.",
    )
    active = fields.Boolean(default=True)
