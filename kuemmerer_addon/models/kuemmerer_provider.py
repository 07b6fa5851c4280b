# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Network partners (Netzwerkpartner): who serves a quarter, their contact
persons as vCard."""

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

    @api.model
    def _serving_domain(self, service_types, quarter):
        """Network partners offering one of ``service_types`` (any, when
        empty) and serving ``quarter`` (or every quarter)."""
        domain = [("is_provider", "=", True)]
        if service_types:
            domain.append(("service_type_ids", "in", service_types.ids))
        if quarter:
            domain += [
                "|",
                ("service_quarter_ids", "in", quarter.ids),
                ("service_quarter_ids", "=", False),
            ]
        return domain

    @api.model
    def _single_providers(self, service_types, quarter):
        """{service type id: provider id} where exactly one network partner
        offers the service type in ``quarter``: it is proposed on the step
        (one query for all service types)."""
        if not service_types:
            return {}
        candidates = {}
        for provider in self.env["res.partner"].search_fetch(
            self._serving_domain(service_types, quarter), ["service_type_ids"]
        ):
            for service_type in provider.service_type_ids & service_types:
                candidates.setdefault(service_type.id, []).append(provider.id)
        return {key: ids[0] for key, ids in candidates.items() if len(ids) == 1}
