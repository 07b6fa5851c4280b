# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KuemmererAccessLog(models.Model):
    """Who read which sensitive field of which record, and when (DSGVO).

    Written only by kuemmerer.sensitive.mixin, in one INSERT per request;
    nobody can change or delete an entry through the application."""

    _name = "kuemmerer.access.log"
    _description = "Access Log of Sensitive Data"
    _order = "create_date desc, id desc"
    _log_access = False

    create_date = fields.Datetime(string="Read on", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Read by", readonly=True, index=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Integer(string="Document ID", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Resident", readonly=True, index=True, ondelete="set null"
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True
    )
    field_names = fields.Char(string="Fields", readonly=True)
    operation = fields.Selection(
        [("read", "Read"), ("export", "Export")], readonly=True, default="read"
    )
