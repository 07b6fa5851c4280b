# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.1.0: the police certificate's cron calls the volunteer service
(its record is noupdate)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref(
        "kuemmerer_addon.ir_cron_police_certificate", raise_if_not_found=False
    )
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("kuemmerer.volunteer"),
                "code": "model._cron_police_certificate()",
            }
        )
