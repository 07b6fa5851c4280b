# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The network partner's page of a referral, ``/kuemmerer/referral/<token>``:
no account, the token is the key to exactly one referral. A wrong, used or
expired token, a step that has ended or a consent that was withdrawn all get
the same plain page (status 404), so that nobody learns which. Requests are
limited per address and minute, as Odoo limits failed logins: in the
worker's memory, without writing to the database for an anonymous visitor."""

import threading
import time
from collections import defaultdict, deque

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..models.kuemmerer_help_step_referral import ANSWER_MAX_LENGTH, REFERRAL_ANSWERS
from .portal import HTML_RE

PARAM_RATE = "kuemmerer_addon.referral_requests_per_minute"
DEFAULT_RATE = 20
WINDOW = 60.0
# the most addresses kept in memory at once (a flood from many addresses
# must not fill the worker's memory)
MAX_ADDRESSES = 10000

_hits = defaultdict(deque)
_hits_lock = threading.Lock()


def _too_many(address, limit):
    """True when ``address`` has made ``limit`` requests in the last minute
    (this request is counted)."""
    now = time.monotonic()
    with _hits_lock:
        if len(_hits) > MAX_ADDRESSES:
            for key in [k for k, v in _hits.items() if not v or v[-1] < now - WINDOW]:
                del _hits[key]
        hits = _hits[address]
        while hits and hits[0] < now - WINDOW:
            hits.popleft()
        if len(hits) >= limit:
            return True
        hits.append(now)
        return False


def reset_rate_limit():
    """For tests: forget all requests."""
    with _hits_lock:
        _hits.clear()


HEADERS = [
    ("Cache-Control", "no-store"),
    # the token is in the address: never pass it on to another site
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex, nofollow"),
]


class KuemmererReferralController(http.Controller):
    # website=True: the page uses web.frontend_layout (see controllers/intake.py)
    @http.route(
        "/kuemmerer/referral/<string:token>",
        type="http",
        auth="public",
        website=True,
        multilang=False,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def kuemmerer_referral(self, token, answer=None, text=None, **kw):
        request.update_context(lang=self._kuemmerer_lang())
        if _too_many(request.httprequest.remote_addr or "", self._kuemmerer_rate()):
            return self._kuemmerer_render("kuemmerer_addon.referral_page_busy", {}, 429)
        step = request.env["kuemmerer.help.step"]._kuemmerer_referral_from_token(token)
        if not step:
            return self._kuemmerer_render(
                "kuemmerer_addon.referral_page_invalid", {}, 404
            )
        values = {
            "token": token,
            "error": None,
            "message": None,
            "text": "",
            "answer": None,
        }
        if request.httprequest.method == "POST":
            values.update(self._kuemmerer_answer(step, answer, text))
        values.update(step._kuemmerer_referral_values())
        return self._kuemmerer_render("kuemmerer_addon.referral_page", values, 200)

    def _kuemmerer_answer(self, step, answer, text):
        text = text.strip() if isinstance(text, str) else ""
        answer = answer if answer in REFERRAL_ANSWERS else None
        env = request.env
        error = None
        if not answer:
            error = env._("Please choose one of the buttons.")
        elif answer != "accepted" and not text:
            error = (
                env._(
                    "Please write in a few words why you cannot take on the referral."
                )
                if answer == "declined"
                else env._("Please write in a few words how it went.")
            )
        elif len(text) > ANSWER_MAX_LENGTH:
            error = env._(
                "Your answer is too long. Please write at most %(count)s characters.",
                count=ANSWER_MAX_LENGTH,
            )
        elif HTML_RE.search(text):
            error = env._(
                "Please write your answer as plain text, without angle brackets or "
                "formatting codes."
            )
        if not error:
            try:
                with env.cr.savepoint():
                    step._kuemmerer_referral_answer(answer, text)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            # what was typed stays in the box (as text: t-out escapes it)
            return {"error": error, "text": text[:ANSWER_MAX_LENGTH], "answer": answer}
        return {"message": answer}

    def _kuemmerer_render(self, template, values, status):
        response = request.render(template, values, headers=HEADERS)
        response.status_code = status
        return response

    def _kuemmerer_lang(self):
        """The page is German (the cooperative's language), when installed."""
        langs = dict(request.env["res.lang"].get_installed())
        return "de_DE" if "de_DE" in langs else request.env.lang

    def _kuemmerer_rate(self):
        value = (
            request.env["ir.config_parameter"]
            .sudo()
            .get_param(PARAM_RATE, DEFAULT_RATE)
        )
        try:
            rate = int(value)
        except (TypeError, ValueError):
            rate = DEFAULT_RATE
        return rate if rate > 0 else DEFAULT_RATE
