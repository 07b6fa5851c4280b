# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Concurrent requests as Odoo runs them: each in its own transaction on its
own connection (REPEATABLE READ), retried on serialization failures. The
data is committed (other connections must see it) and removed afterwards."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests.common import BaseCase, get_db_name


class KuemmererConcurrencyCase(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._cleanup)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls._setup_committed(env, f"P{uuid.uuid4().hex[:8]}")

    @classmethod
    def _setup_committed(cls, env, code):
        """Create the data of the test (``code`` makes its names unique)."""

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            cls._cleanup_committed(api.Environment(cr, SUPERUSER_ID, {}))

    @classmethod
    def _cleanup_committed(cls, env):
        """Remove what ``_setup_committed`` and the test committed."""

    def _at_once(self, count, attempt, expected=Exception):
        """Run ``attempt(env, index)`` in ``count`` transactions that start
        at the same moment; each result is "done" or the message of the
        ``expected`` error (its transaction rolled back, as Odoo does with a
        request that fails)."""
        barrier = threading.Barrier(count)

        def run(index):
            threading.current_thread().testing = True  # no real e-mail
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(timeout=30)
                try:
                    retrying(lambda: attempt(env, index), env)
                except expected as error:
                    cr.rollback()
                    return str(error)
                return "done"

        with ThreadPoolExecutor(max_workers=count) as executor:
            return list(executor.map(run, range(count), timeout=120))
