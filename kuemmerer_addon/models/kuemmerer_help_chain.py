# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class KuemmererHelpChain(models.Model):
    _name = "kuemmerer.help.chain"
    _description = "Help Chain"
    _order = "need_id, id"

    name = fields.Char(required=True, default=lambda self: self.env._("Help chain"))
    need_id = fields.Many2one(
        "kuemmerer.need", string="Need", required=True, ondelete="cascade", index=True
    )
    template_id = fields.Many2one(
        "kuemmerer.help.chain.template", string="Template", index=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="running",
        index=True,
    )
    step_ids = fields.One2many("kuemmerer.help.step", "chain_id", string="Steps")
    partner_id = fields.Many2one(related="need_id.partner_id", store=True, index=True)
    quarter_id = fields.Many2one(related="need_id.quarter_id", store=True, index=True)
    user_id = fields.Many2one(related="need_id.user_id", store=True, index=True)
    company_id = fields.Many2one(related="need_id.company_id", store=True, index=True)
    date_start = fields.Date(default=fields.Date.context_today, required=True)
    date_done = fields.Date(readonly=True, copy=False)
    current_step_id = fields.Many2one(
        "kuemmerer.help.step", compute="_compute_current_step_id", string="Current Step"
    )

    @api.depends("step_ids.state")
    def _compute_current_step_id(self):
        for chain in self:
            chain.current_step_id = chain.step_ids.filtered(
                lambda s: s.state == "todo"
            )[:1]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_start(self):
        if any(chain.state != "draft" for chain in self):
            raise UserError(self.env._("Only a draft help chain can be started."))
        if any(not chain.step_ids for chain in self):
            raise UserError(self.env._("A help chain needs at least one step."))
        self.write({"state": "running"})
        self._kuemmerer_progress()
        return True

    def action_cancel(self):
        if any(chain.state in ("done", "cancelled") for chain in self):
            raise UserError(self.env._("This help chain has already ended."))
        open_steps = self.step_ids.filtered(lambda s: s.state in ("todo", "waiting"))
        self.env["kuemmerer.activity"]._kuemmerer_remove(open_steps.activity_id)
        open_steps.write({"state": "skipped"})
        self.write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_progress(self):
        """Move running chains forward: the first waiting step becomes due
        when no step is due; a chain without open steps is done and the
        Kümmerer is asked to resolve or continue the need."""
        to_activate = self.env["kuemmerer.help.step"]
        finished = self.browse()
        for chain in self.filtered(lambda c: c.state == "running"):
            steps = chain.step_ids.sorted(lambda s: (s.sequence, s.id))
            if any(step.state == "todo" for step in steps):
                continue
            waiting = steps.filtered(lambda s: s.state == "waiting")
            if waiting:
                to_activate |= waiting[0]
            else:
                finished |= chain
        if to_activate:
            to_activate.write({"state": "todo"})
            to_activate._kuemmerer_schedule_activity()
        if finished:
            finished.write(
                {"state": "done", "date_done": fields.Date.context_today(self)}
            )
            Activity = self.env["kuemmerer.activity"]
            vals_list = []
            for chain in finished:
                user = chain.need_id.user_id or self.env.user
                _ = Activity._kuemmerer_lang(user)  # stored: the assignee's language
                vals_list.append(
                    {
                        "record": chain.need_id,
                        "user_id": user.id,
                        "summary": _(
                            "Help chain finished: resolve or continue the need"
                        ),
                    }
                )
            Activity._kuemmerer_schedule(vals_list)
