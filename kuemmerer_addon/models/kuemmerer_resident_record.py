# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import ValidationError


class KuemmererResidentRecord(models.AbstractModel):
    """A record about one resident (``partner_id``): a need, a contact, a home
    visit, a consent, a trusted person. It is recorded only for a resident,
    and only by whom looks after the resident (their quarter's Kümmerer, the
    Kümmerer the resident was handed to, the coordination)."""

    _name = "kuemmerer.resident.record"
    _description = "Record about a Resident"

    #: whether the record is only for residents
    _kuemmerer_residents_only = True

    @api.model_create_multi
    def create(self, vals_list):
        default = self.env.context.get("default_partner_id")
        self._kuemmerer_check_care(
            [vals.get("partner_id", default) for vals in vals_list]
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("partner_id"):
            self._kuemmerer_check_care([vals["partner_id"]])
        return super().write(vals)

    @api.constrains("partner_id")
    def _check_partner_is_resident(self):
        self._kuemmerer_check_residents([record.partner_id for record in self.sudo()])

    @api.model
    def _kuemmerer_check_residents(self, partners):
        """ "Only for residents": the one check, before writing and as a
        constraint (``partners``: the partners of the records, sudo)."""
        if self._kuemmerer_residents_only and any(
            not partner.is_resident for partner in partners
        ):
            raise ValidationError(self._kuemmerer_not_resident_text())

    def _kuemmerer_not_resident_text(self):
        return self.env._(
            "This can only be recorded for residents. Please mark the person as a "
            "resident first."
        )

    @api.model
    def _kuemmerer_check_care(self, partner_ids):
        if self.env.su:
            return
        partners = self.env["res.partner"].browse({pid for pid in partner_ids if pid})
        self._kuemmerer_check_residents(partners.sudo())
        self.env["kuemmerer.responsibility"]._check_in_care(partners)
