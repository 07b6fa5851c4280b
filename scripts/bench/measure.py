# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Measure the budgets of issue 9 on a generated database and print one table.

    python scripts/bench/measure.py -c odoo.conf -d kuemmerer_bench_medium \
        [--compare kuemmerer_bench_small] [--json out.json]

Every time is the median of REPS repetitions after a warm-up and is given as a
ratio against a baseline measured in the same run. Nothing is committed: each
measurement runs in a savepoint that is rolled back. ``--compare`` names the
database of the next smaller size: the query counts and the radar/escalation
times are measured there in the same run for the "constant" and "linear" budgets.
"""

import argparse
import json
import os
import statistics
import sys
import time

from odoo import fields
from odoo.tools.safe_eval import safe_eval

REPS = int(os.environ.get("KUEMMERER_BENCH_REPS", "5"))
# the idle crons and their raw SQL take about a millisecond: on a shared
# machine one scheduler hiccup in five runs moves the median, so these take
# the median of ten times as many runs (still well under a second)
IDLE_REPS = 10 * REPS
M2O = {"fields": {"display_name": {}}}
NEED_KANBAN_SPEC = {
    "name": {},
    "partner_id": M2O,
    "category_id": M2O,
    "priority": {},
    "state": {},
    "quarter_id": M2O,
    "date_detected": {},
    "color": {},
    "user_id": M2O,
    "activity_ids": {"fields": {}},
    "activity_state": {},
}
NEED_LIST_SPEC = {
    "name": {},
    "partner_id": M2O,
    "category_id": M2O,
    "priority": {},
    "quarter_id": M2O,
    "user_id": M2O,
    "date_detected": {},
    "date_resolved": {},
    "source": {},
    "activity_ids": {"fields": {}},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": M2O,
    "activity_date_deadline": {},
    "state": {},
}
# the Kümmerer's residents list: the case files in kuemmerer_resident_view_list
RESIDENT_LIST_VIEW = "kuemmerer_addon.kuemmerer_resident_view_list"
# its filter "My Residents", on by default in the menu's action
MY_RESIDENTS = "my_residents"
# base.view_partner_tree as mail extends it: activity_ids with the list_activity widget
PARTNER_LIST_SPEC = {
    "complete_name": {},
    "display_name": {},
    "phone": {},
    "email": {},
    "user_id": M2O,
    "city": {},
    "country_id": M2O,
    "company_id": M2O,
    "activity_ids": {"fields": {}},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": M2O,
}


def list_spec(env, xmlid):
    """The specification the web client sends for a list view: every field of
    the arch as the user gets it (columns of other groups removed, hidden
    optional columns included: they are read all the same), many2one with
    their display_name."""
    view = env.ref(xmlid).sudo()
    Model = env[view.model]
    arch = Model.get_views([(view.id, "list")])["views"]["list"]["arch"]
    from lxml import etree

    spec = {}
    for node in etree.fromstring(arch).iterchildren("field"):
        field = Model._fields[node.get("name")]
        spec[field.name] = M2O if field.type == "many2one" else {}
    return spec


def search_filter(env, xmlid, name):
    """The domain of the filter ``name`` of a search view, for the current user."""
    view = env.ref(xmlid).sudo()
    arch = env[view.model].get_views([(view.id, "search")])["views"]["search"]["arch"]
    from lxml import etree

    node = etree.fromstring(arch).find(f".//filter[@name='{name}']")
    return safe_eval(node.get("domain"), {"uid": env.uid})


def median_time(func, setup=None, teardown=None, reps=REPS):
    """Median wall time of ``func`` over ``reps`` runs after one warm-up."""
    times = []
    for i in range(reps + 1):
        if setup:
            setup()
        start = time.perf_counter()
        func()
        elapsed = time.perf_counter() - start
        if teardown:
            teardown()
        if i:
            times.append(elapsed)
    return statistics.median(times)


class Bench:
    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.today = fields.Date.context_today(env["res.partner"])
        group_user = env.ref("kuemmerer_addon.group_kuemmerer_user")
        group_manager = env.ref("kuemmerer_addon.group_kuemmerer_manager")
        self.kuemmerer = env["res.users"].search(
            [
                ("groups_id", "in", group_user.id),
                ("groups_id", "not in", group_manager.id),
                ("share", "=", False),
                ("login", "like", "kuemmerer%@bench.example"),
            ],
            order="id",
            limit=1,
        )

    # -- helpers ---------------------------------------------------------------
    def reset(self):
        self.env.flush_all()
        self.env.invalidate_all()

    def in_savepoint(self, func):
        """Run ``func`` and roll its changes back."""
        self.reset()
        self.cr.execute("SAVEPOINT bench")
        try:
            return func()
        finally:
            self.env.flush_all()
            self.cr.execute("ROLLBACK TO SAVEPOINT bench")
            self.env.invalidate_all()
            self.env.registry.clear_cache()  # nothing cached from a rolled-back state

    def queries(self, func):
        func()  # warm-up of the ormcaches
        self.reset()
        start = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def timed(self, func):
        def run():
            self.env.invalidate_all()
            func()
            self.env.flush_all()

        return median_time(run)

    def wsr(self, model, domain, spec, user=None):
        records = self.env[model].with_user(user or self.kuemmerer)
        return lambda: records.web_search_read(domain, spec, limit=80)

    # -- 1, 2: list views --------------------------------------------------------
    def lists(self):
        needs_kanban = self.wsr("kuemmerer.need", [], NEED_KANBAN_SPEC)
        needs_list = self.wsr("kuemmerer.need", [], NEED_LIST_SPEC)
        # the case files the Kümmerer may read (rules apply), and those of the
        # menu's default filter "My Residents"
        kuemmerer_env = self.env(user=self.kuemmerer)
        spec = list_spec(kuemmerer_env, RESIDENT_LIST_VIEW)
        mine = search_filter(
            kuemmerer_env,
            "kuemmerer_addon.kuemmerer_resident_view_search",
            MY_RESIDENTS,
        )
        residents = self.wsr("kuemmerer.resident", [], spec)
        residents_mine = self.wsr("kuemmerer.resident", mine, spec)
        partners = self.wsr("res.partner", [], PARTNER_LIST_SPEC)
        base = self.timed(partners)
        return {
            "partner_list_s": base,
            "needs_kanban_q": self.queries(needs_kanban),
            "needs_list_q": self.queries(needs_list),
            "needs_kanban_ratio": self.timed(needs_kanban) / base,
            "needs_list_ratio": self.timed(needs_list) / base,
            "residents_q": self.queries(residents),
            "residents_mine_q": self.queries(residents_mine),
            "residents_ratio": self.timed(residents) / base,
            "residents_mine_ratio": self.timed(residents_mine) / base,
        }

    # -- 3: contact radar --------------------------------------------------------
    # the same residents the radar looks for, in one query: overdue and not yet
    # counted in the attention level (on the case files), or overdue and
    # without an open radar activity (on the partners); over the addon's two
    # expression indexes (RADAR_STALE_KEY, RADAR_TODO_KEY of models/kuemmerer_radar.py)
    RADAR_SQL = """
        (SELECT id FROM kuemmerer_resident WHERE %(stale)s < %%(today)s
          ORDER BY id LIMIT 1000)
        UNION ALL
        (SELECT id FROM res_partner WHERE %(todo)s < %%(today)s ORDER BY id LIMIT 1000)
    """

    def radar(self, with_scheduling=True):
        from odoo.addons.kuemmerer_addon.models.kuemmerer_radar import (
            RADAR_STALE_KEY,
            RADAR_TODO_KEY,
        )

        Radar = self.env["kuemmerer.radar"]
        Partner = self.env["res.partner"]
        today = self.today
        result = {}
        self.reset()
        result["radar_idle_s"] = median_time(
            Radar._cron_contact_radar, setup=self.env.invalidate_all, reps=IDLE_REPS
        )
        radar_sql = self.RADAR_SQL % {
            "stale": RADAR_STALE_KEY,
            "todo": RADAR_TODO_KEY,
        }
        result["radar_sql_s"] = median_time(
            lambda: (self.cr.execute(radar_sql, {"today": today}), self.cr.fetchall()),
            reps=IDLE_REPS,
        )
        result["radar_idle_ratio"] = result["radar_idle_s"] / result["radar_sql_s"]
        if not with_scheduling:
            return result
        # N residents whose contact becomes due today
        self.cr.execute(
            """SELECT id FROM res_partner
                WHERE is_resident AND active AND contact_interval_days > 0
                  AND next_contact_date >= %s ORDER BY id LIMIT 200""",
            [today],
        )
        ids = [r[0] for r in self.cr.fetchall()]

        def make_due():
            # as if the days had passed: the dates stored on the partner and
            # their copy on the case file (radar_due_date)
            self.cr.execute(
                """UPDATE res_partner
                      SET last_contact_date = %s - contact_interval_days - 1,
                          next_contact_date = %s - 1
                    WHERE id = ANY(%s)""",
                [today, today, ids],
            )
            self.cr.execute(
                "UPDATE kuemmerer_resident SET radar_due_date = %s - 1 WHERE "
                "partner_id = ANY(%s)",
                [today, ids],
            )
            self.env.invalidate_all()

        counted = {}

        def run_cron():
            self.cr.execute("SAVEPOINT radar")
            make_due()
            before = self.cr.sql_log_count
            start = time.perf_counter()
            Radar._cron_contact_radar()
            self.env.flush_all()
            counted["t"] = time.perf_counter() - start
            counted["q"] = self.cr.sql_log_count - before
            self.cr.execute(
                """SELECT count(*) FROM res_partner p
                     JOIN kuemmerer_resident r ON r.partner_id = p.id
                    WHERE p.id = ANY(%s) AND p.kuemmerer_radar_activity_id IS NOT NULL
                      AND r.attention_contact_overdue""",
                [ids],
            )
            counted["n"] = self.cr.fetchone()[0]
            self.cr.execute("ROLLBACK TO SAVEPOINT radar")
            self.env.invalidate_all()

        activity_type = self.env.ref("kuemmerer_addon.mail_activity_type_contact_radar")
        model_id = self.env["ir.model"]._get_id("res.partner")
        partners = Partner.browse(ids)
        Responsibility = self.env["kuemmerer.responsibility"]
        vals = [
            {
                "res_model_id": model_id,
                "res_id": p.id,
                "activity_type_id": activity_type.id,
                "summary": activity_type.summary or activity_type.name,
                "user_id": (
                    Responsibility._responsible_user(p)
                    or p.quarter_id.manager_id
                    or self.env.user
                ).id,
                "date_deadline": today,
            }
            for p in partners
        ]
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
        )

        def run_direct():
            self.cr.execute("SAVEPOINT radar")
            make_due()
            start = time.perf_counter()
            Activity.create(vals)
            self.env.flush_all()
            counted["t"] = time.perf_counter() - start
            self.cr.execute("ROLLBACK TO SAVEPOINT radar")
            self.env.invalidate_all()

        cron_times, direct_times = [], []
        for i in range(REPS + 1):
            run_cron()
            if i:
                cron_times.append(counted["t"])
            run_direct()
            if i:
                direct_times.append(counted["t"])
        run_cron()
        result["radar_scheduled"] = counted["n"]
        n = max(1, counted["n"])
        result["radar_sched_q"] = counted["q"]
        result["radar_per_activity_s"] = statistics.median(cron_times) / n
        result["radar_direct_per_activity_s"] = statistics.median(direct_times) / n
        result["radar_sched_ratio"] = (
            result["radar_per_activity_s"] / result["radar_direct_per_activity_s"]
        )
        return result

    # -- 4: escalation -------------------------------------------------------------
    # the same steps the escalation looks for (over the addon's expression index)
    ESCALATION_SQL = """
        SELECT id FROM kuemmerer_help_step WHERE %s < %%s ORDER BY id LIMIT 500
    """

    def escalation(self, with_scheduling=True):
        Step = self.env["kuemmerer.help.step"]
        today = self.today
        result = {}
        self.reset()
        result["esc_idle_s"] = median_time(
            Step._cron_escalate_overdue, setup=self.env.invalidate_all, reps=IDLE_REPS
        )
        esc_sql = self.ESCALATION_SQL % Step._ESCALATION_KEY
        result["esc_sql_s"] = median_time(
            lambda: (self.cr.execute(esc_sql, [today]), self.cr.fetchall()),
            reps=IDLE_REPS,
        )
        result["esc_idle_ratio"] = result["esc_idle_s"] / result["esc_sql_s"]
        if not with_scheduling:
            return result
        # N due steps that become overdue today
        self.cr.execute(
            "SELECT id FROM kuemmerer_help_step WHERE state = 'todo'"
            " ORDER BY id LIMIT 200"
        )
        ids = [r[0] for r in self.cr.fetchall()]

        def make_due():
            self.cr.execute(
                "UPDATE kuemmerer_help_step SET date_deadline = %s - 1, is_escalated "
                "= FALSE WHERE id = ANY(%s)",
                [today, ids],
            )
            self.env.invalidate_all()

        steps = Step.browse(ids)
        model_id = self.env["ir.model"]._get_id("kuemmerer.need")
        warning = self.env.ref("mail.mail_activity_data_warning").id
        vals = [
            {
                "res_model_id": model_id,
                "res_id": s.need_id.id,
                "activity_type_id": warning,
                "user_id": (s.quarter_id.manager_id or self.env.user).id,
                "summary": f"Overdue step: {s.name}",
                "note": f"The step was due on {today}.",
                "date_deadline": today,
            }
            for s in steps
        ]
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
        )
        counted = {}

        def run(func):
            self.cr.execute("SAVEPOINT esc")
            make_due()
            before = self.cr.sql_log_count
            start = time.perf_counter()
            func()
            self.env.flush_all()
            counted["t"] = time.perf_counter() - start
            counted["q"] = self.cr.sql_log_count - before
            self.cr.execute(
                "SELECT count(*) FROM kuemmerer_help_step WHERE id = ANY(%s) AND "
                "is_escalated",
                [ids],
            )
            counted["n"] = self.cr.fetchone()[0]
            self.cr.execute("ROLLBACK TO SAVEPOINT esc")
            self.env.invalidate_all()

        cron_times, direct_times = [], []
        for i in range(REPS + 1):
            run(lambda: Step._cron_escalate_overdue())
            if i:
                cron_times.append(counted["t"])
            result["esc_scheduled"], result["esc_sched_q"] = counted["n"], counted["q"]
            run(lambda: Activity.create(vals))
            if i:
                direct_times.append(counted["t"])
        n = max(1, len(ids))
        result["esc_per_activity_s"] = statistics.median(cron_times) / n
        result["esc_direct_per_activity_s"] = statistics.median(direct_times) / n
        result["esc_sched_ratio"] = (
            result["esc_per_activity_s"] / result["esc_direct_per_activity_s"]
        )
        return result

    # -- 6: applying a template -----------------------------------------------------
    def template(self):
        env = self.env
        template = env["kuemmerer.help.chain.template"].create(
            {
                "name": "Bench: sechs Schritte",
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": i,
                            "name": f"Schritt {i}",
                            "step_type": "other",
                            "delay_days": i,
                        },
                    )
                    for i in range(6)
                ],
            }
        )
        needs = (
            env["kuemmerer.need"]
            .with_user(self.kuemmerer)
            .search(
                [("state", "=", "new"), ("user_id", "=", self.kuemmerer.id)],
                limit=REPS + 2,
            )
        )
        if len(needs) < 2:
            return {"template_q": None}
        counts = []
        needs[0].action_apply_chain_template(template.id)  # warm-up
        for need in needs[1:]:
            self.reset()
            start = self.cr.sql_log_count
            need.action_apply_chain_template(template.id)
            env.flush_all()
            counts.append(self.cr.sql_log_count - start)
        return {"template_q": max(counts)}


def rss_peak_reset():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def rss_peak_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return None


def measure_db(dbname, full=True):
    import odoo
    from odoo import SUPERUSER_ID, api

    registry = odoo.modules.registry.Registry(dbname)
    result = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        bench = Bench(env)
        cr.execute("SELECT count(*) FROM kuemmerer_resident")
        result["residents"] = cr.fetchone()[0]
        result.update(bench.in_savepoint(bench.lists))
        reset = rss_peak_reset()
        result.update(bench.in_savepoint(lambda: bench.radar(with_scheduling=full)))
        result["rss_mib"] = rss_peak_mib() if reset or full else None
        result.update(
            bench.in_savepoint(lambda: bench.escalation(with_scheduling=full))
        )
        result.update(bench.in_savepoint(bench.template))
        cr.rollback()
    return result


def fmt(value, unit):
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value}"


def table(size, main, small, compare_name, portal):
    rows = []  # (item, what, measured, budget, met or None)

    def row(item, what, value, budget, ok, unit=""):
        rows.append((item, what, fmt(value, unit), budget, ok))

    def same(key):
        if small is None:
            return None
        return main[key] == small[key]

    for key, label in (("needs_kanban", "needs kanban"), ("needs_list", "needs list")):
        q = main[key + "_q"]
        row(
            "1",
            "{}: queries ({}: {})".format(
                label, compare_name or "-", small and small[key + "_q"]
            ),
            q,
            "≤ 20, same as smaller",
            q <= 20 and same(key + "_q") is not False,
        )
        row(
            "1",
            f"{label}: time / res.partner list",
            main[key + "_ratio"],
            "≤ 2×",
            main[key + "_ratio"] <= 2,
            "x",
        )
    for key, label in (
        ("residents", "residents list"),
        ("residents_mine", "residents list, my quarters"),
    ):
        q = main[key + "_q"]
        row(
            "2",
            "{}: queries ({}: {})".format(
                label, compare_name or "-", small and small[key + "_q"]
            ),
            q,
            "≤ 20, same as smaller",
            q <= 20 and same(key + "_q") is not False,
        )
        row(
            "2",
            f"{label}: time / res.partner list",
            main[key + "_ratio"],
            "≤ 2×",
            main[key + "_ratio"] <= 2,
            "x",
        )
    for prefix, item, label in (
        ("radar", "3", "contact radar"),
        ("esc", "4", "escalation"),
    ):
        row(
            item,
            "{}, nothing due: time / raw SQL ({:.1f} ms / {:.2f} ms)".format(
                label, main[prefix + "_idle_s"] * 1000, main[prefix + "_sql_s"] * 1000
            ),
            main[prefix + "_idle_ratio"],
            "≤ 5×",
            main[prefix + "_idle_ratio"] <= 5,
            "x",
        )
        row(
            item,
            "{}, {} activities: time per activity / direct create ({:.2f} ms / {:.2f} "
            "ms)".format(
                label,
                main[prefix + "_scheduled"],
                main[prefix + "_per_activity_s"] * 1000,
                main[prefix + "_direct_per_activity_s"] * 1000,
            ),
            main[prefix + "_sched_ratio"],
            "≤ 1.5×",
            main[prefix + "_sched_ratio"] <= 1.5,
            "x",
        )
        if small:
            ratio = main[prefix + "_idle_s"] / small[prefix + "_idle_s"]
            factor = main["residents"] / max(1, small["residents"])
            row(
                item,
                f"{label}, nothing due: time {size} / {compare_name} "
                f"({factor:.0f}× the residents)",
                ratio,
                "≤ 12×",
                ratio <= 12,
                "x",
            )
        else:
            row(
                item,
                f"{label}: time ratio against the smaller size",
                None,
                "≤ 12×",
                None,
            )
    if portal is None or "http_my_s" not in portal:
        row(
            "5",
            "portal /my/shifts, /my/kuemmerer/tasks, /tandems, /month",
            "not measured (%s)" % ((portal or {}).get("skipped") or "HTTP off"),
            "",
            None,
        )
    else:
        smaller = portal.get("compare") or {}
        for key, path in (
            ("shifts", "/my/shifts"),
            ("tasks", "/my/kuemmerer/tasks"),
            ("tandems", "/my/kuemmerer/tandems"),
            ("month", "/my/kuemmerer/month"),
        ):
            q, q_small = (
                portal[f"http_{key}_q"],
                smaller.get(f"http_{key}_q"),
            )
            row(
                "5",
                "portal {}: queries ({}: {}; /my: {})".format(
                    path, compare_name or "-", q_small, portal["http_my_q"]
                ),
                q,
                "same as smaller",
                None
                if q_small is None
                else q == q_small and portal[f"http_{key}_q_min"] == q,
            )
            ratio = portal[f"http_{key}_s"] / portal["http_my_s"]
            row(
                "5",
                "portal {}: time / /my ({:.1f} ms / {:.1f} ms)".format(
                    path,
                    portal[f"http_{key}_s"] * 1000,
                    portal["http_my_s"] * 1000,
                ),
                ratio,
                "≤ 2×",
                ratio <= 2,
                "x",
            )
    q = main["template_q"]
    row(
        "6",
        "apply a 6-step template: queries ({}: {})".format(
            compare_name or "-", small and small["template_q"]
        ),
        q,
        "≤ 40, same as smaller",
        q is not None and q <= 40 and (small is None or q <= small["template_q"]),
    )
    if portal is None or "signup_single_s" not in portal:
        row(
            "7",
            "20 concurrent portal sign-ups, one seat",
            "not measured (%s)" % ((portal or {}).get("skipped") or "HTTP off"),
            "",
            None,
        )
    else:
        outcome = "{} registered, {} refused, {} errors{} (worst of {} rounds)".format(
            portal["signup_registered_min"]
            if portal["signup_registered_min"] != 1
            else portal["signup_registered"],
            portal["signup_refused_min"],
            portal["signup_error_count"],
            " " + ",".join(portal["signup_errors"]) if portal["signup_errors"] else "",
            portal["signup_rounds"],
        )
        row(
            "7",
            "20 concurrent portal sign-ups, one free seat",
            outcome,
            "1 / 19 / 0",
            portal["signup_ok"] and not portal["signup_error_count"],
        )
        row(
            "7",
            "sign-ups: p95 of 20 at once / single sign-up ({:.0f} ms / {:.0f} ms; {} "
            "workers)".format(
                portal["signup_p95_s"] * 1000,
                portal["signup_single_s"] * 1000,
                portal.get("workers"),
            ),
            portal["signup_p95_ratio"],
            "≤ 3×",
            portal["signup_p95_ratio"] <= 3,
            "x",
        )
        floor = portal["signup_p95_s"] / (20 * portal["signup_single_s"])
        row(
            "7",
            "sign-ups: p95 / 20 single sign-ups one after another (not a budget)",
            floor,
            "",
            None,
            "x",
        )
    rss = main.get("rss_mib")
    row(
        "8",
        "peak RSS of the Odoo process during 3",
        rss,
        "≤ 1024 MiB",
        rss is not None and rss <= 1024,
        "MiB",
    )

    widths = [4, max(len(r[1]) for r in rows), max(len(r[2]) for r in rows), 22, 5]
    line = "| %s | %s | %s | %s | %s |"
    print(
        line
        % (
            "item".ljust(widths[0]),
            "measurement".ljust(widths[1]),
            "measured".ljust(widths[2]),
            "budget".ljust(widths[3]),
            "met",
        )
    )
    print("|{}|{}|{}|{}|{}|".format(*tuple("-" * (w + 2) for w in widths)))
    met = total = 0
    for item, what, value, budget, ok in rows:
        mark = "-" if ok is None else ("yes" if ok else "NO")
        if ok is not None:
            total += 1
            met += bool(ok)
        print(
            line
            % (
                item.ljust(widths[0]),
                what.ljust(widths[1]),
                value.ljust(widths[2]),
                budget.ljust(widths[3]),
                mark,
            )
        )
    return met, total


def measure_portal(args):
    """Items 5 and 7 over HTTP (portal_http.py); KUEMMERER_BENCH_HTTP=0 skips them."""
    if os.environ.get("KUEMMERER_BENCH_HTTP", "1") == "0":
        return {"skipped": "KUEMMERER_BENCH_HTTP=0"}
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import portal_http

    port = int(os.environ.get("KUEMMERER_BENCH_HTTP_PORT", "8189"))
    gevent_port = int(os.environ.get("KUEMMERER_BENCH_GEVENT_PORT") or port + 1)
    logdir = os.path.dirname(os.path.abspath(args.json or args.config))
    try:
        result = portal_http.measure_http(
            args.config, args.database, logdir, port, REPS, gevent_port=gevent_port
        )
        if args.compare:
            result["compare"] = portal_http.measure_http(
                args.config,
                args.compare,
                logdir,
                port,
                REPS,
                with_signups=False,
                gevent_port=gevent_port,
            )
    except Exception as exc:  # the table still shows the other items
        print(f"portal over HTTP failed: {exc}", file=sys.stderr)
        return {"skipped": f"failed: {exc}"}
    return result


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--size", default="?")
    parser.add_argument("--compare", help="database of the next smaller size")
    parser.add_argument("--compare-size")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    import odoo

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    small = measure_db(args.compare, full=False) if args.compare else None
    main_result = measure_db(args.database)
    portal = measure_portal(args)
    met, total = table(args.size, main_result, small, args.compare_size, portal)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "size": args.size,
                    "main": main_result,
                    "compare": small,
                    "portal": portal,
                },
                f,
                indent=1,
                default=str,
            )
    print(f"bench: {met} of {total} budgets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
