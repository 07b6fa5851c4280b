# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.1.0: the volunteers' record rule on shifts reads the volunteer's
quarters in SQL (through the quarter's ``partner_ids`` and
``volunteer_partner_ids``) instead of from the partner in Python: the rule's
cached domain no longer goes stale when a partner changes, and a partner's
write no longer clears the registry's caches. The rules are ``noupdate``:
the shipped rule is updated here, a rule an operator has adapted stays."""

from odoo import SUPERUSER_ID, api

SHIPPED = (
    "[('state', '!=', 'draft'), ('quarter_id', 'in', (user.partner_id.quarter_id"
    " | user.partner_id.volunteer_quarter_ids).ids if user.partner_id.is_volunteer"
    " and user.partner_id.volunteer_state != 'ended' else [])]"
)
VOLUNTEER = (
    "[('id', '=', user.partner_id.id), ('is_volunteer', '=', True),"
    " ('volunteer_state', '!=', 'ended')]"
)
NEW = (
    "[('state', '!=', 'draft'), ('quarter_id', 'any', ['|',"
    f" ('partner_ids', 'any', {VOLUNTEER}),"
    f" ('volunteer_partner_ids', 'any', {VOLUNTEER})])]"
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(
        "kuemmerer_addon.kuemmerer_shift_rule_portal", raise_if_not_found=False
    )
    if rule and rule.domain_force.strip() == SHIPPED:
        rule.domain_force = NEW
