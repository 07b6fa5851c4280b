# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.base_import.models.base_import import ImportValidationError


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    def _parse_date_from_data(self, data, index, name, field_type, options):
        """A broken date of birth rejects only its row (with a message from
        the resident import), not the whole file."""
        if self.res_model != "kuemmerer.resident" or name != "birthdate":
            return super()._parse_date_from_data(data, index, name, field_type, options)
        for line in data:
            try:
                super()._parse_date_from_data([line], index, name, field_type, options)
            except ImportValidationError:
                continue  # left as it is: the resident import rejects the row
        return None
