# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""German screens for the tests that look at them (tours, the clickbot, the
portal): the language with the terms of Odoo's modules and the addon's de.po,
and the users who take the tour working in German in Berlin."""

GERMAN_MODULES = (
    "base",
    "web",
    "mail",
    "calendar",
    "contacts",
    "portal",
    "kuemmerer_addon",
)


def load_german(env, users=(), modules=GERMAN_MODULES):
    env["res.lang"]._activate_lang("de_DE")
    env["ir.module.module"]._load_module_terms(list(modules), ["de_DE"], overwrite=True)
    for user in users:
        values = {"lang": "de_DE", "tz": "Europe/Berlin"}
        if "tour_enabled" in user._fields:  # web_tour's onboarding off
            values["tour_enabled"] = False
        user.write(values)
