# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0: the residents' care data moves from res.partner to the case
file kuemmerer.resident (record rules per quarter instead of field groups);
staff see their hints through kuemmerer.hint; the contact radar is a service.

Runs before Odoo drops the columns of the fields that left res.partner."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)

CARE_COLUMNS = (
    "birthdate",
    "lives_alone",
    "mobility",
    "preferred_language",
    "reach_by",
    "reach_note",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    columns = [
        column for column in CARE_COLUMNS if column_exists(cr, "res_partner", column)
    ]
    select = SQL(", ").join(SQL.identifier(column) for column in columns)
    cr.execute(
        SQL(
            "INSERT INTO kuemmerer_resident (partner_id, %(cols)s, create_uid, "
            "create_date, write_uid, write_date)"
            " SELECT p.id, %(select)s, %(uid)s, now() at time zone 'UTC', %(uid)s, "
            "now() at time zone 'UTC'"
            " FROM res_partner p WHERE p.is_resident"
            " AND NOT EXISTS (SELECT 1 FROM kuemmerer_resident r WHERE r.partner_id = "
            "p.id)",
            cols=select,
            select=SQL(", ").join(
                SQL("p.%s", SQL.identifier(column)) for column in columns
            ),
            uid=SUPERUSER_ID,
        )
        if columns
        else SQL(
            "INSERT INTO kuemmerer_resident (partner_id, create_uid, create_date, "
            "write_uid, write_date)"
            " SELECT p.id, %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time "
            "zone 'UTC'"
            " FROM res_partner p WHERE p.is_resident"
            " AND NOT EXISTS (SELECT 1 FROM kuemmerer_resident r WHERE r.partner_id = "
            "p.id)",
            uid=SUPERUSER_ID,
        )
    )
    _logger.info(
        "kuemmerer: %s case files created from the residents' care data", cr.rowcount
    )
    # the stored computed fields of the case files
    residents = env["kuemmerer.resident"].with_context(active_test=False).search([])
    for fname in (
        "attention_level",
        "attention_contact_overdue",
        "radar_watch",
        "radar_due_date",
    ):
        env.add_to_compute(residents._fields[fname], residents)
    residents.flush_recordset()
    # staff hints: who reported them
    cr.execute(
        "UPDATE kuemmerer_need SET reported_by_id = create_uid"
        " WHERE source = 'staff_hint' AND reported_by_id IS NULL"
    )
    # the resident import works on the case files now
    cr.execute(
        "UPDATE base_import_mapping SET res_model = 'kuemmerer.resident' WHERE id IN ("
        " SELECT res_id FROM ir_model_data WHERE module = 'kuemmerer_addon'"
        " AND model = 'base_import.mapping')"
    )
    # the contact radar's cron (a noupdate record) calls the radar service
    cron = env.ref("kuemmerer_addon.ir_cron_contact_radar", raise_if_not_found=False)
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("kuemmerer.radar"),
                "code": "model._cron_contact_radar()",
            }
        )
