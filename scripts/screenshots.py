"""Each role's main screens as PNG (called by scripts/screenshots.sh, which
serves a fresh demo database): log in as the demo user of the role, open the
screen, wait until it shows its records, take the picture at the size the role
uses it (device scale 1, only what is on the screen).

Arguments after the options: the demo records as xmlid=id."""

import argparse
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

DESK = (1024, 768)
TABLET = (768, 1024)
PHONE = (375, 812)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# name, login, size, url, what shows that the screen is ready, click first
SHOTS = [
    (
        "kuemmerer-mein-tag-1024",
        "kuemmerer",
        DESK,
        "/odoo",
        ".o_kuemmerer_day .o_kanban_record",
        None,
    ),
    (
        "kuemmerer-radar-1024",
        "kuemmerer",
        DESK,
        "/odoo/radar",
        ".o_kuemmerer_radar_kanban .o_kanban_record",
        None,
    ),
    (
        "kuemmerer-resident-1024",
        "kuemmerer",
        DESK,
        "/odoo/radar/{resident_gertrud_hahn_file_demo}",
        ".o_form_view .o_field_widget[name=attention_reason]",
        None,
    ),
    (
        "kuemmerer-resident-768",
        "kuemmerer",
        TABLET,
        "/odoo/radar/{resident_gertrud_hahn_file_demo}",
        ".o_form_view .o_field_widget[name=attention_reason]",
        None,
    ),
    (
        "kuemmerer-meine-schritte-768",
        "kuemmerer",
        TABLET,
        "/odoo/steps",
        ".o_kuemmerer_step_kanban .o_kanban_record",
        None,
    ),
    (
        "kuemmerer-need-help-chain-768",
        "kuemmerer",
        TABLET,
        "/odoo/action-kuemmerer_addon.kuemmerer_need_action/{need_gertrud_hahn_demo}",
        ".o_form_view .o_field_widget[name=step_ids] .o_data_row",
        None,
    ),
    (
        "kuemmerer-home-visit-checklist-768",
        "kuemmerer",
        TABLET,
        "/odoo/action-kuemmerer_addon.kuemmerer_visit_action/{visit_gertrud_hahn_demo}",
        ".o_form_view .o_kuemmerer_answer_buttons",
        None,
    ),
    ("staff-hints-1024", "verwaltung", DESK, "/odoo", ".o_list_view .o_data_row", None),
    (
        "staff-report-hint-1024",
        "verwaltung",
        DESK,
        "/odoo",
        ".modal .o_form_view .o_field_widget[name=partner_id]",
        ".o_control_panel .o_kuemmerer_report_hint",
    ),
    (
        "coordinator-dashboard-1024",
        "koordination",
        DESK,
        "/odoo",
        ".o_kuemmerer_dashboard .card",
        None,
    ),
    ("volunteer-my-375", "ehrenamt", PHONE, "/my", ".o_portal_my_home", None),
    (
        "volunteer-shifts-375",
        "ehrenamt",
        PHONE,
        "/my/shifts",
        ".o_kuemmerer_shift_card",
        None,
    ),
    (
        "volunteer-tasks-375",
        "ehrenamt",
        PHONE,
        "/my/kuemmerer/tasks",
        ".o_kuemmerer_task",
        None,
    ),
    (
        "volunteer-tandems-375",
        "ehrenamt",
        PHONE,
        "/my/kuemmerer/tandems",
        ".o_kuemmerer_tandem",
        None,
    ),
    (
        "kuemmerer-exchange-meeting-1024",
        "kuemmerer",
        DESK,
        "/odoo/action-kuemmerer_addon.calendar_event_action_exchange_meeting/new",
        ".o_form_view .o_field_widget[name=quarter_id]",
        None,
    ),
    (
        "coordinator-newsletter-1024",
        "koordination",
        DESK,
        "/odoo/action-kuemmerer_addon.mailing_mailing_action_kuemmerer_newsletter/new",
        ".o_form_view .o_field_widget[name=kuemmerer_quarter_ids]",
        None,
    ),
    # no login: a neighbour on the phone
    ("public-hint-form-375", None, PHONE, "/kuemmerer/hinweis", "form", None),
]


def warm_up(url):
    """One request after the other until the server answers: the first ones
    build the asset bundles (and Odoo's first requests in parallel threads can
    trip over each other)."""
    for path in ("/web/login", "/web/login"):
        for _attempt in range(60):
            try:
                with urllib.request.urlopen(url + path, timeout=120) as response:
                    response.read()
                break
            except OSError:
                time.sleep(1)


def login(page, url, user):
    page.goto(url + "/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", user)
    with page.expect_navigation():
        page.click("form.oe_login_form button[type=submit]")
    page.wait_for_load_state("load")


def settle(page):
    """Let the web client finish: requests, then fonts and transitions."""
    try:
        page.wait_for_load_state("networkidle", timeout=5000)
    except Exception:  # the bus keeps a connection open: not an error
        pass
    page.evaluate("document.fonts.ready")
    time.sleep(0.8)


def take(browser, args, records, shot):
    name, user, (width, height), path, ready, click = shot
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        is_mobile=width < 500,
        has_touch=width < 1000,
    )
    context.set_default_timeout(120000)  # the first screens build the assets
    page = context.new_page()
    try:
        if user:
            login(page, args.url, user)
        page.goto(args.url + path.format(**records))
        if click:
            page.wait_for_selector(click)
            page.click(click)
        page.wait_for_selector(ready)
        settle(page)
        target = args.out / (name + ".png")
        page.screenshot(path=str(target))
        print("  %-40s %4d kB" % (target.name, target.stat().st_size // 1024))
    finally:
        context.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("records", nargs="*", help="xmlid=id")
    args = parser.parse_args()
    records = dict(item.split("=", 1) for item in args.records)
    failed = []
    warm_up(args.url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=CHROMIUM_ARGS
        )
        for shot in SHOTS:
            if args.only not in shot[0]:
                continue
            try:
                take(browser, args, records, shot)
            except Exception as error:  # go on with the others, report at the end
                print(f"  {shot[0]}: FAILED {error}", file=sys.stderr)
                failed.append(shot[0])
        browser.close()
    if failed:
        sys.exit("Screenshots failed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
