# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# submissions of the public form per address and hour, and of all addresses
DEFAULT_LIMIT_PER_ADDRESS = 5
DEFAULT_LIMIT_ALL = 200
ALL_KEY = "*"


class KuemmererIntakeThrottle(models.Model):
    """How many hints the public form took per sender address and hour: a
    stored counter, so that the limit holds across workers and under
    concurrency (a conditional ``INSERT … ON CONFLICT DO UPDATE … WHERE``:
    of two requests racing for the last submission, the loser fails to
    serialize, is retried by Odoo and then finds the limit reached).

    The address itself is not stored, only a keyed hash of it; the counters
    are deleted after a day."""

    _name = "kuemmerer.intake.throttle"
    _description = "Submissions of the Public Form per Address and Hour"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    hour = fields.Datetime(required=True, readonly=True)
    count = fields.Integer(readonly=True)

    _sql_constraints = [
        ("key_hour_unique", "UNIQUE(key, hour)", "One counter per address and hour."),
    ]

    @api.model
    def _kuemmerer_key(self, address):
        secret = (
            self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        )
        return hmac.new(
            secret.encode(), (f"intake:{address}").encode(), hashlib.sha256
        ).hexdigest()[:32]

    @api.model
    def _kuemmerer_limits(self):
        params = self.env["ir.config_parameter"].sudo()

        def limit(key, default):
            try:
                return max(int(params.get_param(key, default)), 0)
            except (TypeError, ValueError):
                return default

        return (
            limit(
                "kuemmerer_addon.intake_limit_per_address", DEFAULT_LIMIT_PER_ADDRESS
            ),
            limit("kuemmerer_addon.intake_limit_all", DEFAULT_LIMIT_ALL),
        )

    @api.model
    def _kuemmerer_take(self, address):
        """Count one submission from ``address`` in this hour; False when the
        address (or all addresses together) reached the hour's limit."""
        per_address, per_all = self._kuemmerer_limits()
        hour = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        for key, limit in (
            (self._kuemmerer_key(address), per_address),
            (ALL_KEY, per_all),
        ):
            if not self._kuemmerer_increment(key, hour, limit):
                return False
        return True

    @api.model
    def _kuemmerer_increment(self, key, hour, limit):
        self.env.cr.execute(
            SQL(
                "INSERT INTO kuemmerer_intake_throttle AS t (key, hour, count)"
                " VALUES (%s, %s, 1)"
                " ON CONFLICT (key, hour) DO UPDATE SET count = t.count + 1"
                " WHERE t.count < %s"
                " RETURNING t.count",
                key,
                hour,
                limit,
            )
        )
        return bool(limit and self.env.cr.fetchone())

    @api.autovacuum
    def _gc_counters(self):
        limit = fields.Datetime.now() - timedelta(days=1)
        self.env.cr.execute(
            SQL("DELETE FROM kuemmerer_intake_throttle WHERE hour < %s", limit)
        )
