# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public, low-threshold way in: /kuemmerer/hinweis.

Anybody may write, without an account and anonymously: a resident who
needs help, a relative or a neighbour who is worried. The page answers
nothing but "received"; what was written is read only by the quarter's
Kümmerer (see ``kuemmerer.intake``).

Protection without a CAPTCHA service: a honeypot field, a signed form token
with a minimum fill time (it replaces the session's CSRF token, which an
anonymous phone browser loses when the page stays open for hours: the text
would be lost with it), a limit of submissions per address and hour (a stored
counter, ``kuemmerer.intake.throttle``), size limits. Nothing of it answers
500: bad input comes back as the form with a plain message, text kept."""

import hashlib
import hmac
import re
import time

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..models.kuemmerer_intake import INTAKE_LIMITS

# a human needs longer than this to fill in the form; a token lives a day
MIN_FILL_SECONDS = 3
MAX_TOKEN_AGE = 24 * 3600
# the whole request: the form's fields at their limits fit many times
MAX_BODY = 64 * 1024
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
PHONE_RE = re.compile(r"^[0-9+()/ .-]*$")
ID_RE = re.compile(r"[0-9]{1,12}")
KINDS = ("worry", "help")
FIELDS = (
    "kind",
    "quarter",
    "about",
    "message",
    "contact_name",
    "contact_phone",
    "contact_email",
)


def make_token(secret, timestamp):
    """The form token: the time the form was handed out, signed."""
    timestamp = str(int(timestamp))
    signature = hmac.new(
        secret.encode(),
        (f"kuemmerer-intake:{timestamp}").encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"{timestamp}.{signature}"


class KuemmererIntakeController(http.Controller):
    # ------------------------------------------------------------
    # ROUTES (website=True: the pages use web.frontend_layout, which beside
    # the website app needs the website's values; without it, Odoo's
    # http_routing serves them the same; multilang=False: one address, the
    # one on the stairwell notice, never /de/... - the page is German anyway)
    # ------------------------------------------------------------

    @http.route(
        "/kuemmerer/hinweis",
        type="http",
        auth="public",
        website=True,
        multilang=False,
        methods=["GET"],
        readonly=True,
        sitemap=False,
    )
    def kuemmerer_intake_form(self, **kw):
        kind = kw.get("kind") if kw.get("kind") in KINDS else ""
        return self._kuemmerer_render({"kind": kind})

    @http.route(
        "/kuemmerer/hinweis",
        type="http",
        auth="public",
        website=True,
        multilang=False,
        methods=["POST"],
        csrf=False,
        sitemap=False,
    )
    def kuemmerer_intake_submit(self, **kw):
        if (request.httprequest.content_length or 0) > MAX_BODY:
            return self._kuemmerer_render(
                {},
                error=request.env._("Your message is too long. Please shorten it."),
                status=413,
            )
        values = {fname: self._kuemmerer_text(kw.get(fname)) for fname in FIELDS}
        if self._kuemmerer_text(kw.get("homepage")):
            # the honeypot, filled in by a bot: it learns nothing
            return request.redirect("/kuemmerer/hinweis/danke", code=303)
        if not self._kuemmerer_token_valid(self._kuemmerer_text(kw.get("token"))):
            return self._kuemmerer_render(
                values,
                error=request.env._(
                    "Please check your entries and press “Send” once more."
                ),
            )
        errors, vals = self._kuemmerer_check(values)
        if errors:
            return self._kuemmerer_render(values, errors=errors)
        Throttle = request.env["kuemmerer.intake.throttle"].sudo()
        if not Throttle._kuemmerer_take(request.httprequest.remote_addr or "-"):
            return self._kuemmerer_render(
                values,
                error=request.env._(
                    "Many messages have been sent from here within the last hour. "
                    "Please try again later, or call us."
                ),
                status=429,
            )
        try:
            with request.env.cr.savepoint():
                request.env["kuemmerer.intake"]._kuemmerer_receive(vals)
        except (UserError, ValidationError):
            return self._kuemmerer_render(
                values, error=request.env._("Please check your entries.")
            )
        return request.redirect("/kuemmerer/hinweis/danke", code=303)

    @http.route(
        "/kuemmerer/hinweis/danke",
        type="http",
        auth="public",
        website=True,
        multilang=False,
        methods=["GET"],
        readonly=True,
        sitemap=False,
    )
    def kuemmerer_intake_thanks(self, **kw):
        self._kuemmerer_lang()
        return request.render(
            "kuemmerer_addon.intake_thanks", self._kuemmerer_page_values()
        )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @staticmethod
    def _kuemmerer_text(value):
        """A form value as clean text: no files, no control characters
        (PostgreSQL refuses NUL), Unix line ends, trimmed."""
        if not isinstance(value, str):
            return ""
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return CONTROL_RE.sub("", value).strip()

    @staticmethod
    def _kuemmerer_secret():
        return (
            request.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        )

    @classmethod
    def _kuemmerer_token(cls, timestamp=None):
        return make_token(
            cls._kuemmerer_secret(), time.time() if timestamp is None else timestamp
        )

    @classmethod
    def _kuemmerer_token_valid(cls, token):
        timestamp, _sep, _signature = token.partition(".")
        if not ID_RE.fullmatch(timestamp):
            return False
        if not hmac.compare_digest(cls._kuemmerer_token(int(timestamp)), token):
            return False
        age = time.time() - int(timestamp)
        return MIN_FILL_SECONDS <= age <= MAX_TOKEN_AGE

    def _kuemmerer_quarters(self):
        return (
            request.env["kuemmerer.quarter"]
            .sudo()
            .search_fetch(
                [("company_id", "in", [request.env.company.id, False])], ["name"]
            )
        )

    def _kuemmerer_check(self, values):
        """({field: message}, vals for kuemmerer.intake)"""
        _ = request.env._
        errors = {}
        if values["kind"] not in KINDS:
            errors["kind"] = _("Please choose what your message is about.")
        if not values["message"]:
            errors["message"] = _("Please write a few words about what is going on.")
        if values["kind"] == "worry" and not values["about"]:
            errors["about"] = _(
                "Please write whom you are worried about: a name, or where the "
                "person lives."
            )
        quarter_id = None
        if values["quarter"]:
            # ASCII digits only: "¹".isdigit() is true, and int() refuses it
            quarter = values["quarter"]
            quarter_id = int(quarter) if ID_RE.fullmatch(quarter) else 0
            if quarter_id not in self._kuemmerer_quarters().ids:
                errors["quarter"] = _("Please choose your quarter from the list.")
        if values["contact_email"] and not EMAIL_RE.match(values["contact_email"]):
            errors["contact_email"] = _(
                "This does not look like an e-mail address. Please check it, or "
                "leave it empty."
            )
        if not PHONE_RE.match(values["contact_phone"]):
            errors["contact_phone"] = _(
                "Please give the phone number with digits only, or leave it empty."
            )
        for fname, limit in INTAKE_LIMITS.items():
            if len(values[fname]) > limit:
                errors[fname] = _(
                    "Please shorten this: at most %(limit)s characters.", limit=limit
                )
        vals = {fname: values[fname] or False for fname in INTAKE_LIMITS}
        vals.update({"kind": values["kind"], "quarter_id": quarter_id or False})
        return errors, vals

    def _kuemmerer_lang(self):
        """The page speaks the cooperative's language (German), whatever the
        public user's or the browser's."""
        company_lang = request.env.company.sudo().partner_id.lang
        lang = (
            "de_DE" if request.env["res.lang"]._get_data(code="de_DE") else company_lang
        )
        if lang:
            request.update_context(lang=lang)

    def _kuemmerer_page_values(self):
        company = request.env.company.sudo()
        return {
            "company_name": company.name,
            "company_phone": company.phone or "",
            "no_footer": True,
        }

    def _kuemmerer_render(self, values, errors=None, error=None, status=200):
        self._kuemmerer_lang()
        form = {fname: values.get(fname, "") for fname in FIELDS}
        page = self._kuemmerer_page_values()
        page.update(
            {
                "form": form,
                "errors": errors or {},
                "error": error,
                "token": self._kuemmerer_token(),
                "quarter_options": [(q.id, q.name) for q in self._kuemmerer_quarters()],
                "limits": INTAKE_LIMITS,
            }
        )
        return request.render("kuemmerer_addon.intake_form", page, status=status)
