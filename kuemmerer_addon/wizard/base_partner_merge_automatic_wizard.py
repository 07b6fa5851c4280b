# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError

from ..const import MANAGER


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merging contacts moves everything recorded about them: for
        residents only the coordination may do it (otherwise a Kümmerer
        could take over another quarter's case file), and never two case
        files into one."""
        partners = self.env["res.partner"].browse(partner_ids).exists()
        residents = partners.filtered(
            self.env["kuemmerer.responsibility"]._has_case_file
        )
        if residents and not self.env.su:
            if not self.env.user.has_group(MANAGER):
                raise UserError(
                    self.env._(
                        "%(name)s is a resident: only the coordination may merge "
                        "residents.",
                        name=residents[0].display_name,
                    )
                )
        if (
            len(residents.sudo().with_context(active_test=False).kuemmerer_resident_ids)
            > 1
        ):
            raise UserError(
                self.env._(
                    "Two residents with a case file each cannot be merged. Please "
                    "keep one and "
                    "anonymise or archive the other."
                )
            )
        return super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
