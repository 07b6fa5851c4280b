# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.3.1.0: the extended police certificate is a qualification (issue 18).

The date on the volunteer (``res_partner.police_certificate_date``) becomes a
``kuemmerer.volunteer.qualification`` of the shipped qualification "Extended
police certificate" (valid for five years, as before); the partner's field
now shows the latest of them. The column is dropped once its dates are there.
"""

import logging

from odoo import SUPERUSER_ID, api, fields
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version or not column_exists(cr, "res_partner", "police_certificate_date"):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    police = env.ref("kuemmerer_addon.qualification_police_certificate")
    cr.execute(
        "SELECT id, police_certificate_date FROM res_partner "
        "WHERE police_certificate_date IS NOT NULL ORDER BY id"
    )
    rows = cr.fetchall()
    Qualification = env["kuemmerer.volunteer.qualification"]
    held = {
        (record.partner_id.id, record.date)
        for record in Qualification.search([("qualification_id", "=", police.id)])
    }
    today = fields.Date.context_today(Qualification)
    vals_list = []
    for partner_id, issued in rows:
        if (partner_id, issued) in held:
            continue
        if issued > today:  # a typo of the past: a certificate is never issued later
            _logger.warning(
                "Police certificate of partner %s dated %s, in the future: "
                "recorded as of today",
                partner_id,
                issued,
            )
            issued = today
        vals_list.append(
            {"partner_id": partner_id, "qualification_id": police.id, "date": issued}
        )
    Qualification.create(vals_list)
    cr.execute("ALTER TABLE res_partner DROP COLUMN police_certificate_date")
    _logger.info(
        "%s police certificates moved to the qualifications of volunteers",
        len(vals_list),
    )
