# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's own click-everywhere bot over the Kümmerer app, for each backend
role, in German, on data of every kind: every menu, every view switch and
every filter, and no error dialog (``web/tests/test_click_everywhere.py``).
"""

import base64
import logging
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .german import load_german
from .shift_common import KuemmererShiftCommon

# Menus of screens that are being rebuilt on another branch (residents,
# contact radar, partner screens: views/res_partner_views.xml). The bot found
# errors there (see the report of branch `screens`); they are left out here
# until that work is merged. TO BE REMOVED by whoever merges the rebuilt
# partner screens: an empty tuple makes the bot click them too.
MENUS_BEING_REBUILT = ()

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('kuemmerer_addon.kuemmerer_menu_root');"
)
TESTED_MENU_RE = re.compile(r"^Testing menu .* (\S+\.\S+)$")


@tagged("post_install", "-at_install", "click_all")
class TestClickEverywhere(HttpCase, KuemmererShiftCommon):
    allow_end_on_form = True  # the dashboard is a form

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env, cls.user_kuemmerer | cls.user_manager | cls.user_staff)
        if MENUS_BEING_REBUILT:
            # the app itself opens the role's landing page (its own root
            # action), whatever menus are left out
            cls.env["ir.ui.menu"].search(
                [("id", "in", [cls.env.ref(xmlid).id for xmlid in MENUS_BEING_REBUILT])]
            ).active = False
        cls._kuemmerer_build_data()

    @classmethod
    def _kuemmerer_build_data(cls):
        """Something of every kind on every screen: needs with help chains in
        every state, residents never and recently contacted, contacts,
        consents, shifts, home visits, neighbourhood events, volunteers and
        network partners."""
        env = cls.env
        today = fields.Date.today()
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        Partner = env["res.partner"]
        service = env.ref("kuemmerer_addon.service_type_pflegeberatung")
        cls.provider = Partner.create(
            {
                "name": "Pflegeberatung Süd",
                "is_provider": True,
                "is_company": True,
                "email": "beratung@pflege-sued.example",
                "service_type_ids": [Command.set(service.ids)],
                "service_quarter_ids": [Command.set(cls.quarter_a.ids)],
            }
        )
        resident = {"is_resident": True, "quarter_id": cls.quarter_a.id}
        cls.resident_recent = Partner.create({**resident, "name": "Rita Rege"})
        cls.resident_watched = Partner.create(
            {**resident, "name": "Willi Wachsam", "contact_interval_days": 14}
        )
        # Anna Althaus (resident_a) and Berta Bach (resident_b): never contacted
        Contact = env["kuemmerer.contact"]
        Contact.create(
            [
                {
                    "partner_id": cls.resident_recent.id,
                    "date": now - timedelta(days=2),
                    "channel": "phone",
                    "user_id": cls.user_kuemmerer.id,
                    "summary": "Vertraulich: Gespräch über die Nachbarn",
                },
                {
                    "partner_id": cls.resident_watched.id,
                    "date": now - timedelta(days=40),
                    "channel": "visit",
                    "user_id": cls.user_kuemmerer.id,
                    "summary": "Vertraulich: lange her",
                },
            ]
        )
        env["kuemmerer.consent"].create(
            [
                {"partner_id": cls.resident_a.id, "purpose": "share_providers"},
                {"partner_id": cls.resident_a.id, "purpose": "share_volunteers"},
                {"partner_id": cls.resident_recent.id, "purpose": "event_invitations"},
            ]
        )
        env["kuemmerer.consent"].create(
            {"partner_id": cls.resident_watched.id, "purpose": "photos"}
        ).action_withdraw()
        env["kuemmerer.trusted.person"].create(
            {
                "partner_id": cls.resident_a.id,
                "person_id": cls.resident_recent.id,
                "relation": "Nachbarin",
            }
        )
        # needs and help chains in every state
        category = env.ref("kuemmerer_addon.need_category_care_health")
        template = env["kuemmerer.help.chain.template"].create(
            {
                "name": "Klickkette",
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Anrufen",
                            "step_type": "contact_resident",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Vermitteln",
                            "step_type": "referral",
                            "service_type_id": service.id,
                            "delay_days": 3,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "name": "Begleiten",
                            "step_type": "volunteer",
                            "delay_days": 7,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 4,
                            "name": "Nachfragen",
                            "step_type": "follow_up",
                            "delay_days": 14,
                        }
                    ),
                ],
            }
        )
        Need = env["kuemmerer.need"]

        def need(partner, **values):
            return Need.create(
                {
                    "partner_id": partner.id,
                    "category_id": category.id,
                    "user_id": cls.user_kuemmerer.id,
                    "description": "Vertraulich: die Lage",
                    "date_detected": today - timedelta(days=20),
                    **values,
                }
            )

        need(cls.resident_a, priority="2")  # new
        need(cls.resident_recent).action_assess()  # assessed
        running = need(cls.resident_a, priority="3")
        chain = running.action_apply_chain_template(template.id)
        steps = chain.step_ids.sorted("sequence")
        steps[0].action_done()
        steps[1].write({"date_deadline": today - timedelta(days=2)})  # overdue
        steps[2].volunteer_id = cls.volunteer_partner
        env["kuemmerer.help.step"]._cron_escalate_overdue()
        # issue 19: a referral answered by the network partner, a help plan,
        # a consent given by a legal guardian, one that ended
        steps[1].sudo().write(
            {
                "referral_state": "accepted",
                "referral_answer": "Vertraulich: wir rufen an",
                "date_follow_up": today + timedelta(days=10),
            }
        )
        env["kuemmerer.need.goal"].create(
            [
                {
                    "need_id": running.id,
                    "name": "Dienstags selbst einkaufen",
                    "date_review": today + timedelta(days=20),
                },
                {
                    "need_id": running.id,
                    "name": "Pflegegrad beantragen",
                    "owner": "kuemmerer",
                    "state": "reached",
                },
            ]
        )
        guardian = env["res.partner"].create({"name": "Gerd Betreuer"})
        env["kuemmerer.trusted.person"].create(
            {
                "partner_id": cls.resident_watched.id,
                "person_id": guardian.id,
                "legal_role": "betreuer",
                "legal_scope": "Gesundheitssorge",
            }
        )
        env["kuemmerer.consent"].create(
            [
                {
                    "partner_id": cls.resident_watched.id,
                    "purpose": "share_providers",
                    "given_by_id": guardian.id,
                    "evidence": base64.b64encode(b"%PDF-1.4"),
                    "evidence_filename": "betreuerausweis.pdf",
                    "date_expiry": today + timedelta(days=20),
                },
                {
                    "partner_id": cls.resident_watched.id,
                    "purpose": "event_invitations",
                    "date_given": today - timedelta(days=400),
                    "date_expiry": today - timedelta(days=30),
                },
            ]
        )
        env["kuemmerer.consent"]._cron_consent_expiry()
        failed = need(cls.resident_watched)
        chain = failed.action_apply_chain_template(template.id)
        chain.step_ids.sorted("sequence")[0].action_fail()
        resolved = need(cls.resident_recent)
        chain = resolved.action_apply_chain_template(template.id)
        for step in chain.step_ids.sorted("sequence"):
            step.action_skip() if step.step_type == "volunteer" else step.action_done()
        resolved.action_resolve()  # chain done
        cancelled = need(cls.resident_a)
        cancelled.action_apply_chain_template(template.id)
        cancelled.action_cancel()  # chain cancelled
        need(cls.resident_b, user_id=cls.user_kuemmerer_b.id)  # the other quarter
        # a hint reported by staff
        env["kuemmerer.hint.wizard"].with_user(cls.user_staff).create(
            {
                "partner_id": cls.resident_watched.id,
                "category_id": category.id,
                "text": "Vertraulich: Briefkasten quillt über",
            }
        ).action_confirm()
        # home visits: planned, done, cancelled
        Visit = env["kuemmerer.visit"]
        Visit.create(
            {
                "partner_id": cls.resident_a.id,
                "user_id": cls.user_kuemmerer.id,
                "date": now + timedelta(days=3),
            }
        )
        # today's, for "Mein Tag" (the Kümmerer's landing page)
        Visit.create(
            {
                "partner_id": cls.resident_a.id,
                "user_id": cls.user_kuemmerer.id,
                "date": now,
            }
        )
        done = Visit.create(
            {
                "partner_id": cls.resident_recent.id,
                "user_id": cls.user_kuemmerer.id,
                "date": now - timedelta(days=1),
                "note": "Vertraulich: Notizen",
            }
        )
        done._onchange_checklist_id()
        for answer in done.answer_ids:
            answer.answer = "na"
        done.action_done()
        Visit.create(
            {
                "partner_id": cls.resident_watched.id,
                "user_id": cls.user_kuemmerer.id,
                "date": now + timedelta(days=5),
            }
        ).action_cancel()
        # shifts: draft, published with registrations, past and done, cancelled
        cls._create_shift("Entwurf Nachbarschaftscafé", days=6)
        published = cls._create_shift(
            "Café am Donnerstag", days=3, seats_max=4, publish=True
        )
        published._kuemmerer_sign_up(cls.volunteer_partner)
        past = cls._create_shift("Vergangenes Frühstück", days=5, publish=True)
        past._kuemmerer_sign_up(cls.volunteer_a2)
        begin = now - timedelta(days=2)
        past.sudo().write({"date_begin": begin, "date_end": begin + timedelta(hours=2)})
        past.registration_ids.state = "attended"
        cls._create_shift(
            "Abgesagter Spaziergang", days=4, publish=True
        ).action_cancel()
        # neighbourhood events: upcoming and past
        Event = env["calendar.event"].with_context(no_mail_to_attendees=True)
        for name, days in (("Nachbarschaftsfrühstück", 4), ("Hoffest", -10)):
            start = now + timedelta(days=days)
            Event.create(
                {
                    "name": name,
                    "is_neighbourhood_event": True,
                    "quarter_id": cls.quarter_a.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "user_id": cls.user_kuemmerer.id,
                    "partner_ids": [
                        Command.set(
                            (cls.resident_recent | cls.user_kuemmerer.partner_id).ids
                        )
                    ],
                }
            )
        # buildings, office hours, public hints (new, accepted, rejected)
        house = env["kuemmerer.building"].create(
            {
                "name": "Lindenstraße 1",
                "quarter_id": cls.quarter_a.id,
                "caretaker_id": cls.user_staff.id,
            }
        )
        (cls.resident_a | cls.resident_watched).write({"building_id": house.id})
        start = now + timedelta(days=1)
        Event.create(
            {
                "name": "Sprechstunde",
                "is_office_hours": True,
                "quarter_id": cls.quarter_a.id,
                "start": start,
                "stop": start + timedelta(hours=2),
                "user_id": cls.user_kuemmerer.id,
                "recurrency": True,
                "rrule_type": "weekly",
                "end_type": "count",
                "count": 3,
                **{"mon tue wed thu fri sat sun".split()[start.weekday()]: True},
            }
        )
        Intake = env["kuemmerer.intake"].with_user(env.ref("base.public_user"))
        for about in ("Frau Althaus", "Herr Unbekannt", "Spam"):
            Intake._kuemmerer_receive(
                {
                    "kind": "worry",
                    "quarter_id": cls.quarter_a.id,
                    "about": about,
                    "message": "Vertraulich",
                }
            )
        intakes = env["kuemmerer.intake"].search(
            [("about", "in", ("Frau Althaus", "Spam"))]
        )
        accepted = intakes.filtered(lambda i: i.about == "Frau Althaus")
        accepted.write({"partner_id": cls.resident_a.id, "category_id": category.id})
        accepted.action_create_need()
        intakes.filtered(lambda i: i.about == "Spam").action_reject()
        cls.running_need = running
        cls._kuemmerer_build_tandems(today)
        # reading confidential texts is logged: the access log has entries
        Need.with_user(cls.user_kuemmerer).browse(running.id).read(["description"])

    @classmethod
    def _kuemmerer_build_tandems(cls, today):
        """Tandems proposed, active (with visits and a qualification) and ended."""
        env = cls.env
        cls.volunteer_partner.volunteer_state = "active"
        env["kuemmerer.volunteer.qualification"].create(
            {
                "partner_id": cls.volunteer_partner.id,
                "qualification_id": env.ref(
                    "kuemmerer_addon.qualification_confidentiality"
                ).id,
            }
        )
        env["kuemmerer.consent"].create(
            {"partner_id": cls.resident_recent.id, "purpose": "share_volunteers"}
        )
        Tandem = env["kuemmerer.tandem"]
        vals = {
            "volunteer_id": cls.volunteer_partner.id,
            "user_id": cls.user_kuemmerer.id,
            "programme": "other",
        }
        active = Tandem.create(
            {
                **vals,
                "resident_id": cls.resident_recent.id,
                "agreement": "Dienstags Einkauf",
            }
        )
        active.action_activate()
        active.date_start = today - timedelta(days=40)
        env["kuemmerer.tandem.visit"].create(
            [
                {
                    "tandem_id": active.id,
                    "date": today - timedelta(days=days),
                    "hours": 2,
                    "km": 3,
                    "note": "Spaziergang",
                }
                for days in (1, 8, 35)
            ]
        )
        Tandem.create({**vals, "resident_id": cls.resident_watched.id})
        ended = Tandem.create({**vals, "resident_id": cls.resident_a.id})
        ended.action_activate()
        ended.action_end()

    def _click_everywhere(self, user):
        """Run the bot as ``user``; return the xml ids of the menus it tested."""
        logger = self._logger.getChild("browser")
        # an int: Odoo names its RUNBOT level (25) "INFO" too
        with self.assertLogs(logger, level=logging.INFO) as logs:
            try:
                self.browser_js(
                    "/odoo",
                    CLICKBOT,
                    "odoo.isReady === true",
                    login=user.login,
                    timeout=900,
                    success_signal="clickbot test succeeded",
                )
            except AssertionError as error:
                messages = [record.getMessage() for record in logs.records]
                menus = [
                    message
                    for message in messages
                    if message.startswith("Testing menu")
                ]
                steps = [
                    message for message in messages if message.startswith("Clicking")
                ]
                raise AssertionError(
                    "{}\n\nThe bot as {}, in {}, last clicked:\n{}".format(
                        error, user.login, menus[-1:], "\n".join(steps[-5:])
                    )
                ) from None
        tested = set()
        for record in logs.records:
            match = TESTED_MENU_RE.match(record.getMessage().strip())
            if match:
                tested.add(match.group(1))
        return tested

    def _expected_menus(self, user):
        """The leaf menus of the app that ``user`` sees."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        root = next(
            menu
            for menu in menus.values()
            if isinstance(menu, dict)
            and menu.get("xmlid") == "kuemmerer_addon.kuemmerer_menu_root"
        )
        leaves, todo = set(), list(root["children"])
        while todo:
            menu = menus[todo.pop()]
            if menu["children"]:
                todo.extend(menu["children"])
            else:
                leaves.add(menu["xmlid"])
        return leaves

    def _check(self, user, must_see, must_not_see=()):
        expected = self._expected_menus(user)
        for xmlid in must_see:
            if xmlid not in MENUS_BEING_REBUILT:
                self.assertIn(xmlid, expected, f"{user.login} must see this menu")
        for xmlid in must_not_see:
            self.assertNotIn(xmlid, expected, f"{user.login} must not see this menu")
        tested = self._click_everywhere(user)
        self.assertFalse(
            expected - tested, f"menus the bot did not reach as {user.login}"
        )

    def test_click_everywhere_as_kuemmerer(self):
        self._check(
            self.user_kuemmerer,
            must_see=(
                "kuemmerer_addon.kuemmerer_day_menu",
                "kuemmerer_addon.kuemmerer_need_menu",
                "kuemmerer_addon.kuemmerer_help_step_menu",
                "kuemmerer_addon.kuemmerer_visit_menu",
                "kuemmerer_addon.kuemmerer_shift_menu",
                "kuemmerer_addon.kuemmerer_resident_menu_radar",
                "kuemmerer_addon.res_partner_menu_resident",
                "kuemmerer_addon.kuemmerer_resident_menu_visit_due",
                "kuemmerer_addon.kuemmerer_intake_menu",
                "kuemmerer_addon.kuemmerer_building_menu",
                "kuemmerer_addon.calendar_event_menu_office_hours",
                "kuemmerer_addon.kuemmerer_visit_menu_today_by_building",
            ),
            must_not_see=(
                "kuemmerer_addon.kuemmerer_dashboard_menu",
                "kuemmerer_addon.kuemmerer_quarter_menu",
                "kuemmerer_addon.kuemmerer_need_map_menu",
            ),
        )

    def test_click_everywhere_as_coordinator(self):
        self._check(
            self.user_manager,
            must_see=(
                "kuemmerer_addon.kuemmerer_dashboard_menu",
                "kuemmerer_addon.kuemmerer_need_menu_reporting",
                "kuemmerer_addon.kuemmerer_quarter_menu",
                "kuemmerer_addon.kuemmerer_access_log_menu",
                "kuemmerer_addon.kuemmerer_need_map_menu",
            ),
        )

    def test_click_everywhere_as_staff(self):
        self._check(
            self.user_staff,
            must_see=(
                "kuemmerer_addon.kuemmerer_hint_wizard_menu",
                "kuemmerer_addon.kuemmerer_hint_menu",
                "kuemmerer_addon.res_partner_menu_resident",
                "kuemmerer_addon.kuemmerer_shift_menu",
            ),
            must_not_see=(
                "kuemmerer_addon.kuemmerer_day_menu",
                "kuemmerer_addon.kuemmerer_need_menu",
                "kuemmerer_addon.kuemmerer_help_step_menu",
                "kuemmerer_addon.kuemmerer_contact_menu",
                "kuemmerer_addon.kuemmerer_resident_menu_radar",
                "kuemmerer_addon.kuemmerer_intake_menu",
            ),
        )

    def test_chain_overview_in_the_browser(self):
        """The help chain overview on the need: one box per step, side by
        side, as the browser parses it (not nested in each other)."""
        code = """
            (async () => {
                const deadline = Date.now() + 20000;
                const selector = ".o_field_widget[name=chain_overview] .d-flex";
                while (!document.querySelector(selector) && Date.now() < deadline) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                const root = document.querySelector(selector);
                if (!root) {
                    console.error("no help chain overview on the need");
                    return;
                }
                const boxes = root.querySelectorAll(":scope > div.border").length;
                const nested = root.querySelectorAll("div.border div.border").length;
                if (boxes === 4 && nested === 0) {
                    console.log("test successful");
                } else {
                    console.error(
                        `help chain overview: ${boxes} boxes side by side, `
                        + `${nested} nested`
                    );
                }
            })();
        """
        self.browser_js(
            f"/odoo/action-kuemmerer_addon.kuemmerer_need_action/{self.running_need.id}",
            code,
            "odoo.isReady === true",
            login=self.user_kuemmerer.login,
            timeout=120,
        )
