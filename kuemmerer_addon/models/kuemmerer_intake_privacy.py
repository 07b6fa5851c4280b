# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class KuemmererPrivacy(models.AbstractModel):
    """Art. 17 for public hints: erasing a resident deletes the hints linked
    to them (what they say lives on in the need, whose texts are erased
    too). Art. 15 lists them (``PRIVACY_SOURCES``)."""

    _inherit = "kuemmerer.privacy"

    @api.model
    def _anonymise_hook(self, partner):
        intakes = (
            self.env["kuemmerer.intake"]
            .sudo()
            .search([("partner_id", "=", partner.id)])
        )
        if intakes:
            self.env["mail.message"].sudo().search(
                [("model", "=", "kuemmerer.intake"), ("res_id", "in", intakes.ids)]
            ).unlink()
            intakes.activity_ids.unlink()
            intakes.unlink()
        return super()._anonymise_hook(partner)
