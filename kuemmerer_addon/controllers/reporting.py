# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from ..const import CASEWORK


class KuemmererReportingController(http.Controller):
    @http.route(
        "/kuemmerer/provider/<int:partner_id>/vcard",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def provider_vcard(self, partner_id, **kwargs):
        """The contact persons of a network partner as a .vcf file, for
        Kümmerer and coordinators; 404 for anyone else and for other ids."""
        try:
            if not request.env.user.has_group(CASEWORK):
                raise request.not_found()
            partner = request.env["res.partner"].browse(partner_id).exists()
            if not partner or not partner.is_provider:
                raise request.not_found()
            partner.check_access("read")
            content = request.env["kuemmerer.provider"]._vcard(partner)
        except (AccessError, MissingError, UserError):
            raise request.not_found() from None
        filename = "%s.vcf" % (partner.name or "kontakte")
        return request.make_response(
            content.encode(),
            headers=[
                ("Content-Type", "text/vcard; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
