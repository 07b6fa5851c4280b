# Copyright 2026 Kümmerer for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Kümmerer",
    "summary": "Casework, help chains, volunteers and neighbourhood life "
    "for social caretakers (Soziale Kümmerer) of housing cooperatives",
    "version": "18.0.1.0.0",
    "category": "Services/Kümmerer",
    "website": "https://github.com/kuemmerer/kuemmerer_addon",
    "author": "Kümmerer for Odoo contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["contacts", "calendar", "mail", "portal"],
    "data": [
        "security/kuemmerer_security.xml",
        "security/ir.model.access.csv",
        "security/kuemmerer_rules.xml",
        "data/ir_sequence_data.xml",
        "data/kuemmerer_need_category_data.xml",
        "wizard/kuemmerer_hint_wizard_views.xml",
        "views/kuemmerer_quarter_views.xml",
        "views/kuemmerer_need_category_views.xml",
        "views/kuemmerer_need_views.xml",
        "views/kuemmerer_contact_views.xml",
        "views/kuemmerer_consent_views.xml",
        "views/res_partner_views.xml",
        "views/kuemmerer_menus.xml",
    ],
    "demo": [
        "demo/kuemmerer_quarter_demo.xml",
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
    ],
}
