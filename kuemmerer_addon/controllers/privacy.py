# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class KuemmererPrivacyController(http.Controller):
    @http.route(
        "/kuemmerer/privacy/<int:partner_id>/json",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def privacy_export_json(self, partner_id, **kwargs):
        """Art. 15 export for machines; coordinators only, 404 for anyone else."""
        try:
            partner = request.env["res.partner"].browse(partner_id).exists()
            if not partner:
                raise request.not_found()
            data = request.env["kuemmerer.privacy"]._collect(partner)
        except (AccessError, MissingError):
            raise request.not_found() from None
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        filename = f"auskunft-{partner_id}.json"
        return request.make_response(
            body,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
