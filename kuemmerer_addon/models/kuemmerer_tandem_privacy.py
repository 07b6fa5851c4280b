# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tandems and public hints in the data protection services (public hints
deleted with the person they are linked to): the disclosure (Art. 15) lists
a resident's tandems and visits, the erasure (Art. 17) removes what was
agreed, the visits' notes and the tandems' chatter, and the care level."""

from odoo import api, models

from .kuemmerer_privacy import CASE_FILE_FIELDS, PRIVACY_SOURCES

PRIVACY_SOURCES.extend(
    [
        (
            "kuemmerer.tandem",
            "resident_id",
            [
                "volunteer_id",
                "programme",
                "state",
                "date_start",
                "date_end",
                "agreement",
            ],
        ),
        (
            "kuemmerer.tandem.visit",
            "resident_id",
            ["date", "hours", "km", "volunteer_id", "note"],
        ),
    ]
)
CASE_FILE_FIELDS.append("care_level")


class KuemmererPrivacy(models.AbstractModel):
    _inherit = "kuemmerer.privacy"

    @api.model
    def _anonymise_hook(self, partner):
        # public hints linked to the person are deleted (what they say lives
        # on in the need, whose texts are erased too)
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
        result = super()._anonymise_hook(partner)
        tandems = (
            self.env["kuemmerer.tandem"]
            .sudo()
            .search([("resident_id", "=", partner.id)])
        )
        tandems.write({"agreement": False})
        tandems.visit_ids.write({"note": False})
        self.env["mail.message"].sudo().search(
            [("model", "=", "kuemmerer.tandem"), ("res_id", "in", tandems.ids)]
        ).unlink()
        partner.sudo().with_context(
            active_test=False
        ).kuemmerer_resident_ids.with_context(tracking_disable=True).write(
            {"care_level": False}
        )
        return result
