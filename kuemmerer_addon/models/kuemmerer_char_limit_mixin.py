# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import ValidationError


def check_char_limits(model, vals, limits):
    """Raise a clear message when a value of ``vals`` is longer than its
    limit in ``limits`` ({field name: the most characters it takes})."""
    for fname, limit in limits.items():
        value = vals.get(fname)
        if isinstance(value, str) and len(value) > limit:
            raise ValidationError(
                model.env._(
                    'The entry for "%(field)s" is too long: at most %(limit)s '
                    "characters are "
                    "possible. Please shorten it.",
                    field=model._fields[fname].get_description(model.env)["string"],
                    limit=limit,
                )
            )


class KuemmererCharLimitMixin(models.AbstractModel):
    """Short text fields that PostgreSQL indexes (codes, names, numbers) get
    a clear message when a value is too long, before anything is written,
    instead of the database's "index row requires … bytes" error."""

    _name = "kuemmerer.char.limit.mixin"
    _description = "Length Limits of Indexed Text Fields"

    #: {field name: the most characters it takes}
    _kuemmerer_char_limits = {}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kuemmerer_check_char_limits(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._kuemmerer_check_char_limits(vals)
        return super().write(vals)

    @api.model
    def _kuemmerer_check_char_limits(self, vals):
        check_char_limits(self, vals, self._kuemmerer_char_limits)
