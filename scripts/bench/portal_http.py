# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Items 5 and 7 of issue 9: the volunteer portal over HTTP.

An Odoo server (as in production: ``--workers`` = 2 per core + 1, or
``KUEMMERER_BENCH_WORKERS``; no cron workers) is started on the bench
database, on port ``KUEMMERER_BENCH_HTTP_PORT`` (8189; ``make bench`` gives it
``BENCH_HTTP_PORT``) and with its gevent (websocket) worker on
``KUEMMERER_BENCH_GEVENT_PORT`` (default: the next port), with
``--log-level=info`` and a log file: the werkzeug access line of every request
ends with its SQL query count and times (``"GET /my HTTP/1.1" 200 - 14 0.012
0.045``). Each request carries a unique ``bench`` parameter so that its line is
found again. The volunteers log in as volunteerNN@bench.example / bench
(made by generate.py).

- 5: ``/my/shifts``, ``/my/kuemmerer/tasks``, ``/my/kuemmerer/tandems`` and
  ``/my/kuemmerer/month`` of volunteer 00: queries (to compare with the
  smaller size) and median wall time against ``/my``.
- 7: twenty volunteers POST ``/my/shifts/<id>/register`` at the same moment
  for the shift with one free seat: one redirect to the confirmation
  (registered), nineteen redirects to the page with the reason (whose alert is
  checked afterwards, not timed), no 500; p95 latency of the answers against
  a single sign-up (which adds the volunteer to the shift's calendar event and
  sends the invitation).

The sign-up shift is reset by SQL before and after (registrations deleted,
seats_taken = 0), so the database stays reusable.
"""

import os
import re
import statistics
import subprocess
import sys
import threading
import time

import requests

PASSWORD = "bench"
CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
ACCESS_RE = re.compile(
    r'"(?:GET|POST) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+) ([\d.]+) ([\d.]+)'
)
CONCURRENT = 20
# as Odoo recommends for production: 2 worker processes per core, plus one;
# KUEMMERER_BENCH_WORKERS=0 measures the threaded single-process server
WORKERS = int(os.environ.get("KUEMMERER_BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))


class Server:
    def __init__(self, config, dbname, port, logdir, gevent_port=None):
        import odoo

        self.url = f"http://127.0.0.1:{port}"
        self.logfile = os.path.join(logdir, f"bench-http-{dbname}.log")
        if os.path.exists(self.logfile):
            os.unlink(self.logfile)
        odoo_bin = os.path.join(
            os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"
        )
        self.workers = WORKERS
        self.cmd = [
            sys.executable,
            odoo_bin,
            "-c",
            config,
            "-d",
            dbname,
            "--db-filter",
            f"^{dbname}$",
            "--http-port",
            str(port),
            "--http-interface",
            "127.0.0.1",
            f"--workers={WORKERS}",
            "--gevent-port",
            str(gevent_port or port + 1),
            "--max-cron-threads=0",
            "--log-level=info",
            "--logfile",
            self.logfile,
        ]
        self.proc = None
        self.counter = 0

    def __enter__(self):
        self.proc = subprocess.Popen(
            self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Odoo server stopped; see {self.logfile}")
            try:
                if requests.get(self.url + "/web/login", timeout=10).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"the Odoo server did not answer on {self.url}")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def marked(self, path):
        self.counter += 1
        return "{}{}bench={}".format(path, "&" if "?" in path else "?", self.counter)

    def access(self, marked_path, timeout=10):
        """(status, queries, query seconds, remaining seconds) of the request's
        access line."""
        deadline = time.time() + timeout
        needle = f" {marked_path} HTTP/"
        while time.time() < deadline:
            with open(self.logfile, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if needle in line:
                        m = ACCESS_RE.search(line)
                        if m:
                            return (
                                int(m.group(2)),
                                int(m.group(3)),
                                float(m.group(4)),
                                float(m.group(5)),
                            )
            time.sleep(0.1)
        raise RuntimeError(f"no access log line for {marked_path} in {self.logfile}")

    def login(self, login):
        session = requests.Session()
        page = session.get(self.url + "/web/login", timeout=30)
        token = CSRF_RE.search(page.text).group(1)
        res = session.post(
            self.url + "/web/login",
            timeout=30,
            data={
                "login": login,
                "password": PASSWORD,
                "csrf_token": token,
                "redirect": "/my",
            },
        )
        if "/web/login" in res.url or res.status_code != 200:
            raise RuntimeError(f"login of {login} failed ({res.status_code} {res.url})")
        return session


def volunteer(i):
    return "volunteer%02d@bench.example" % i


def _at_once(count, func):
    """Run func(i) for i in range(count) in threads started at the same moment."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        barrier.wait()
        results[i] = func(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _warm_up(server, session, path):
    """Every worker process has its own caches (views, templates, ormcache):
    requests at once, as many as there are workers, so that each worker
    serves the page before it is measured."""
    clones = []
    for _i in range(max(1, server.workers)):
        clone = requests.Session()
        clone.cookies.update(session.cookies)
        clones.append(clone)
    for _round in range(3):
        _at_once(len(clones), lambda i: clones[i].get(server.url + path, timeout=60))


def portal_pages(server, reps):
    """Item 5: query counts and median times of /my, /my/shifts and the
    volunteer's pages /my/kuemmerer/tasks, /tandems and /month."""
    session = server.login(volunteer(0))
    result = {}
    for key, path in (
        ("my", "/my"),
        ("shifts", "/my/shifts"),
        ("tasks", "/my/kuemmerer/tasks"),
        ("tandems", "/my/kuemmerer/tandems"),
        ("month", "/my/kuemmerer/month"),
    ):
        _warm_up(server, session, path)
        times, queries = [], []
        for i in range(reps + 1):
            marked = server.marked(path)
            start = time.perf_counter()
            res = session.get(server.url + marked, timeout=60)
            elapsed = time.perf_counter() - start
            if res.status_code != 200:
                raise RuntimeError(f"{path} answered {res.status_code}")
            status, count, _sql, _rest = server.access(marked)
            if i:  # after the warm-up
                times.append(elapsed)
                queries.append(count)
        result[f"http_{key}_s"] = statistics.median(times)
        result[f"http_{key}_q"] = max(queries)
        result[f"http_{key}_q_min"] = min(queries)
    return result


def _reset_shift(cr, shift_id, seats=1):
    # the volunteers leave the shift's calendar event again (attendees, partners)
    cr.execute(
        """WITH regs AS (SELECT r.partner_id, s.calendar_event_id
                           FROM kuemmerer_shift_registration r
                           JOIN kuemmerer_shift s ON s.id = r.shift_id
                          WHERE r.shift_id = %s),
                att AS (DELETE FROM calendar_attendee a USING regs
                         WHERE a.event_id = regs.calendar_event_id
                           AND a.partner_id = regs.partner_id)
           DELETE FROM calendar_event_res_partner_rel rel USING regs
            WHERE rel.calendar_event_id = regs.calendar_event_id
              AND rel.res_partner_id = regs.partner_id""",
        [shift_id],
    )
    cr.execute(
        "DELETE FROM kuemmerer_shift_registration WHERE shift_id = %s", [shift_id]
    )
    cr.execute(
        "UPDATE kuemmerer_shift SET seats_max = %s, seats_taken = 0, seats_available "
        "= %s,"
        " state = 'published', date_begin = now() at time zone 'UTC' + interval '14 "
        "days',"
        " date_end = now() at time zone 'UTC' + interval '14 days 2 hours' WHERE id = "
        "%s",
        [seats, seats, shift_id],
    )
    cr.commit()


def _sign_up(session, server, shift_id, token):
    """POST the sign-up; the time is that of the answer (the registered and the
    refused both get a redirect, to the page with the confirmation or the reason)."""
    start = time.perf_counter()
    res = session.post(
        f"{server.url}/my/shifts/{shift_id}/register",
        timeout=120,
        data={"csrf_token": token},
        allow_redirects=False,
    )
    elapsed = time.perf_counter() - start
    location = res.headers.get("Location", "")
    if res.status_code == 303 and location.endswith(
        f"/my/shifts/{shift_id}?message=registered"
    ):
        outcome = "registered"
    elif res.status_code == 303 and location.endswith(
        f"/my/shifts/{shift_id}?error=full"
    ):
        outcome = "refused"
    else:
        outcome = f"error {res.status_code}"
    return outcome, elapsed, location


def _clear_refusal(session, server, location):
    """The page a refused volunteer is sent to says why (not timed)."""
    page = session.get(
        server.url + location if location.startswith("/") else location, timeout=60
    )
    return page.status_code == 200 and "alert-danger" in page.text


def _token(session, server, shift_id):
    page = session.get(f"{server.url}/my/shifts/{shift_id}", timeout=60)
    m = CSRF_RE.search(page.text)
    if page.status_code != 200 or not m:
        raise RuntimeError(
            f"no sign-up form on /my/shifts/{shift_id} ({page.status_code})"
        )
    return m.group(1)


def _round(server, sessions, shift_id):
    """All volunteers POST the sign-up at the same moment."""
    tokens = [_token(s, server, shift_id) for s in sessions]

    def sign_up(i):
        try:
            return _sign_up(sessions[i], server, shift_id, tokens[i])
        except requests.RequestException as exc:
            return (f"error {type(exc).__name__}", 0.0, "")

    return _at_once(len(sessions), sign_up)


def sign_ups(server, cr, shift_id, reps):
    """Item 7: a single sign-up (baseline), then rounds of twenty at once."""
    single = server.login(volunteer(CONCURRENT))
    sessions = [server.login(volunteer(i)) for i in range(CONCURRENT)]
    # warm-up of every worker on both answers: twenty seats for twenty, then one
    for seats in (CONCURRENT, CONCURRENT, 1):
        _reset_shift(cr, shift_id, seats)
        _round(server, sessions, shift_id)
    times = []
    for i in range(reps + 1):
        _reset_shift(cr, shift_id)
        outcome, elapsed, _location = _sign_up(
            single, server, shift_id, _token(single, server, shift_id)
        )
        if outcome != "registered":
            raise RuntimeError(f"the single sign-up was not registered: {outcome}")
        if i:
            times.append(elapsed)
    result = {"signup_single_s": statistics.median(times)}
    rounds = 3 if reps > 1 else 1
    p95s, outcomes_all, registered_rows = [], [], []
    for _round_no in range(rounds):
        _reset_shift(cr, shift_id)
        results = _round(server, sessions, shift_id)
        latencies = sorted(r[1] for r in results)
        p95s.append(latencies[max(0, int(round(0.95 * CONCURRENT)) - 1)])
        # a refusal counts when the page it leads to shows the reason
        outcomes_all.append(
            [
                "error unclear refusal"
                if r[0] == "refused" and not _clear_refusal(sessions[i], server, r[2])
                else r[0]
                for i, r in enumerate(results)
            ]
        )
        cr.execute(
            "SELECT count(*), (SELECT seats_taken FROM kuemmerer_shift WHERE id = %s)"
            " FROM kuemmerer_shift_registration WHERE shift_id = %s AND state != "
            "'cancelled'",
            [shift_id, shift_id],
        )
        registered_rows.append(cr.fetchone())
    _reset_shift(cr, shift_id)
    result["signup_rounds"] = rounds
    result["signup_p95_s"] = statistics.median(p95s)
    result["signup_p95_ratio"] = result["signup_p95_s"] / result["signup_single_s"]
    result["signup_registered"] = max(o.count("registered") for o in outcomes_all)
    result["signup_registered_min"] = min(o.count("registered") for o in outcomes_all)
    result["signup_refused_min"] = min(o.count("refused") for o in outcomes_all)
    result["signup_errors"] = sorted(
        {x for o in outcomes_all for x in o if x.startswith("error")}
    )
    result["signup_error_count"] = sum(
        1 for o in outcomes_all for x in o if x.startswith("error")
    )
    result["signup_db_rows"] = sorted({tuple(r) for r in registered_rows})
    result["signup_ok"] = all(
        o.count("registered") == 1 and o.count("refused") == CONCURRENT - 1
        for o in outcomes_all
    ) and all(tuple(r) == (1, 1) for r in registered_rows)
    return result


def measure_http(
    config, dbname, logdir, port, reps, with_signups=True, gevent_port=None
):
    import odoo

    with Server(config, dbname, port, logdir, gevent_port) as server:
        result = portal_pages(server, reps)
        result["workers"] = server.workers
        if with_signups:
            db = odoo.sql_db.db_connect(dbname)
            with db.cursor() as cr:
                cr.execute(
                    "SELECT value FROM ir_config_parameter WHERE key = "
                    "'kuemmerer_bench.signup_shift_id'"
                )
                row = cr.fetchone()
                cr.commit()
                if row:
                    result.update(sign_ups(server, cr, int(row[0]), reps))
    return result
