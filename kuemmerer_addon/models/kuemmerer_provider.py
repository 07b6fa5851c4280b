# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Network partners (Netzwerkpartner): their contact persons as vCard."""

from odoo import api, models
from odoo.exceptions import UserError


class KuemmererProvider(models.AbstractModel):
    _name = "kuemmerer.provider"
    _description = "Network Partner Services"

    @api.model
    def _vcard(self, partner):
        """The network partner's contact persons (or the partner itself when
        it has none) as vCard text, with the partner as organisation."""
        partner.ensure_one()
        if not partner.is_provider:
            raise UserError(
                self.env._("Only network partners can be exported as a vCard.")
            )
        people = partner.child_ids.filtered(lambda child: child.type == "contact")
        cards = []
        for person in people or partner:
            card = person._build_vcard()
            if not card:
                raise UserError(
                    self.env._(
                        "vCards cannot be created: the vobject library is missing."
                    )
                )
            if person != partner:
                card.add("org").value = [partner.name or ""]
            if person.function:
                card.add("title").value = person.function
            cards.append(card.serialize())
        return "".join(cards)
