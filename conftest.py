"""pytest configuration for the Odoo test suite (pytest-odoo)."""

import os
import sys

_exit_status = {}


def pytest_sessionfinish(session, exitstatus):
    _exit_status["value"] = int(exitstatus)


def pytest_unconfigure(config):
    # HttpCase leaves Odoo's HTTP server threads (e.g. a tour's websocket,
    # waiting on the test cursor lock) alive after the last test; they are
    # not daemon threads and would keep the process from exiting. Everything
    # has been reported at this point, so end the process with pytest's status.
    if "value" in _exit_status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status["value"])
