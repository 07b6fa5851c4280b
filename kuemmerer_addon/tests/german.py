# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""German screens for the tests that look at them (tours, the clickbot, the
portal): the language with the terms of Odoo's modules and the addon's de.po,
and the users who take the tour working in German in Berlin. Beside the
website app, German is one of the website's languages too (as on the website
of a German cooperative): Odoo's frontend follows the website's languages."""

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
    german = env["res.lang"]._activate_lang("de_DE")
    env["ir.module.module"]._load_module_terms(list(modules), ["de_DE"], overwrite=True)
    if "website" in env:
        # beside the website app, the portal and the public pages speak the
        # website's languages: a German cooperative's website has German
        for website in env["website"].search([]):
            website.language_ids |= german
    for user in users:
        values = {"lang": "de_DE", "tz": "Europe/Berlin"}
        if "tour_enabled" in user._fields:  # web_tour's onboarding off
            values["tour_enabled"] = False
        user.write(values)
