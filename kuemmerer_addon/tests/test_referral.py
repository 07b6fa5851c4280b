# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Referrals that come back (issue 19): the token, the network partner's page
/kuemmerer/referral/<token>, the paused deadline, the follow-up reminder and
the per-provider figure of the annual report."""

import re
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, tagged

from ..controllers.referral import reset_rate_limit
from .test_help_chain import HelpChainCommon

LINK_RE = re.compile(r"/kuemmerer/referral/([A-Za-z0-9_\-]+)")


class ReferralCommon(HelpChainCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["kuemmerer.consent"].create(
            {"partner_id": cls.resident_a.id, "purpose": "share_providers"}
        )

    def _referral_step(self, deadline_days=5):
        need = self._need()
        need.sudo().description = "Vertraulich: beginnende Demenz"
        chain = need.action_apply_chain_template(self.template.id)
        first, second, _third = chain.step_ids.sorted("sequence")
        first.action_done()
        second.write(
            {
                "provider_id": self.provider.id,
                "date_deadline": date.today() + timedelta(days=deadline_days),
            }
        )
        return second

    def _send(self, step):
        """Send as the Kümmerer; the token as the network partner got it."""
        step.with_user(self.user_kuemmerer).action_send_to_provider()
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.provider.ids)], order="id desc", limit=1
        )
        return LINK_RE.search(mail.body_html).group(1)

    def _token_step(self, token):
        return self.env["kuemmerer.help.step"]._kuemmerer_referral_from_token(token)


@tagged("post_install", "-at_install")
class TestReferralToken(ReferralCommon):
    def test_send_gives_a_link(self):
        step = self._referral_step()
        token = self._send(step)
        self.assertGreaterEqual(len(token), 40)
        self.assertEqual(step.referral_state, "sent")
        self.assertEqual(step.date_follow_up, date.today() + timedelta(days=14))
        stored = step.sudo().referral_token_hash
        self.assertTrue(stored)
        self.assertNotEqual(stored, token, "only the hash is kept")
        self.assertNotIn(token, str(step.sudo().read()[0]))
        self.assertEqual(self._token_step(token), step)
        expiry = step.sudo().referral_token_expiry
        self.assertAlmostEqual(
            (expiry - datetime.now()).total_seconds(), 30 * 86400, delta=120
        )

    def test_token_field_is_not_readable(self):
        step = self._referral_step()
        self._send(step)
        for user in (self.user_kuemmerer, self.user_manager):
            self.assertNotIn("referral_token_hash", step.with_user(user).fields_get())

    def test_expiry_is_configurable(self):
        self.env["ir.config_parameter"].set_param(
            "kuemmerer_addon.referral_token_days", "3"
        )
        step = self._referral_step()
        token = self._send(step)
        self.assertEqual(step.date_follow_up, date.today() + timedelta(days=3))
        with freeze_time(datetime.now() + timedelta(days=2)):
            self.assertEqual(self._token_step(token), step)
        with freeze_time(datetime.now() + timedelta(days=3, minutes=5)):
            self.assertFalse(self._token_step(token))

    def test_information_step_gets_no_link(self):
        step = self._referral_step()
        step.step_type = "inform_provider"
        step.with_user(self.user_kuemmerer).action_send_to_provider()
        self.assertEqual(step.referral_state, "none")
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.provider.ids)]
        )
        self.assertNotIn("/kuemmerer/referral/", mail.body_html)

    def test_wrong_tokens(self):
        step = self._referral_step()
        token = self._send(step)
        for wrong in (
            "",
            "x",
            token[:-1],
            token + "a",
            token.upper(),
            "a" * 500,
            None,
            5,
        ):
            self.assertFalse(self._token_step(wrong), wrong)

    def test_ended_step_revokes(self):
        step = self._referral_step()
        token = self._send(step)
        step.with_user(self.user_kuemmerer).action_skip()
        self.assertFalse(step.sudo().referral_token_hash)
        self.assertFalse(self._token_step(token))

    def test_withdrawn_consent_revokes(self):
        step = self._referral_step()
        token = self._send(step)
        consent = self.env["kuemmerer.consent"].search(
            [
                ("partner_id", "=", self.resident_a.id),
                ("purpose", "=", "share_providers"),
            ]
        )
        consent.with_user(self.user_kuemmerer).action_withdraw()
        self.assertFalse(self._token_step(token))
        self.assertFalse(step.sudo().referral_token_hash, "revoked, not just hidden")
        # given again: the old link stays dead
        self.env["kuemmerer.consent"].create(
            {"partner_id": self.resident_a.id, "purpose": "share_providers"}
        )
        self.assertFalse(self._token_step(token))


@tagged("post_install", "-at_install")
class TestReferralAnswer(ReferralCommon):
    def _activities(self, need, summary):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "kuemmerer.need"),
                ("res_id", "=", need.id),
                ("summary", "like", summary),
            ]
        )

    def test_accept_then_outcome(self):
        with freeze_time("2026-05-04 09:00:00"):
            step = self._referral_step()
            step.date_deadline = date(2026, 5, 9)
            token = self._send(step)
        with freeze_time("2026-05-08 10:00:00"):
            found = self._token_step(token)
            found._kuemmerer_referral_answer("accepted", "Wir melden uns bis Freitag.")
            self.assertEqual(step.referral_state, "accepted")
            # the deadline was paused for the four days of waiting
            self.assertEqual(step.date_deadline, date(2026, 5, 13))
            self.assertEqual(step.activity_id.date_deadline, date(2026, 5, 13))
            self.assertAlmostEqual(step.referral_answer_days, 4.0, places=1)
            self.assertIn("Wir melden uns", step.sudo().referral_answer)
            self.assertEqual(
                self._token_step(token), step, "the link stays for the outcome"
            )
        with freeze_time("2026-05-20 10:00:00"):
            self._token_step(token)._kuemmerer_referral_answer(
                "done", "Pflegegrad beantragt."
            )
            self.assertEqual(step.referral_state, "done")
            self.assertEqual(step.date_deadline, date(2026, 5, 13), "paused only once")
            self.assertFalse(self._token_step(token), "used up")
            answer = step.sudo().referral_answer
            self.assertIn("Wir melden uns", answer)
            self.assertIn("Pflegegrad beantragt.", answer)
            activity = self._activities(step.need_id, "Pflegeberatung")
            self.assertFalse(activity)
            activity = self._activities(step.need_id, step.name).filtered(
                lambda a: a != step.activity_id
            )
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.user_kuemmerer)

    def test_decline_needs_reason(self):
        step = self._referral_step()
        token = self._send(step)
        found = self._token_step(token)
        with self.assertRaisesMessage(Exception, "few words"):
            found._kuemmerer_referral_answer("declined", "")
        self.assertEqual(step.referral_state, "sent")
        found._kuemmerer_referral_answer("declined", "Keine Kapazität.")
        self.assertEqual(step.referral_state, "declined")
        self.assertFalse(self._token_step(token))
        self.assertEqual(step.state, "todo", "the Kümmerer decides how to go on")

    def test_answer_in_wrong_state(self):
        step = self._referral_step()
        token = self._send(step)
        found = self._token_step(token)
        with self.assertRaisesMessage(Exception, "not possible"):
            found._kuemmerer_referral_answer("bogus", "x")
        found._kuemmerer_referral_answer("accepted", "")
        with self.assertRaisesMessage(Exception, "not possible"):
            found._kuemmerer_referral_answer("accepted", "")


@tagged("post_install", "-at_install")
class TestReferralWaiting(ReferralCommon):
    def _escalations(self, step):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "kuemmerer.need"),
                ("res_id", "=", step.need_id.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("mail.mail_activity_data_warning").id,
                ),
            ]
        )

    def _calls(self, step):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "kuemmerer.need"),
                ("res_id", "=", step.need_id.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("mail.mail_activity_data_call").id,
                ),
            ]
        )

    def test_escalation_waits_until_follow_up(self):
        Step = self.env["kuemmerer.help.step"]
        with freeze_time("2026-05-04 09:00:00"):
            step = self._referral_step()
            step.date_deadline = date(2026, 5, 6)
            self._send(step)
            self.assertEqual(step.date_follow_up, date(2026, 5, 18))
        with freeze_time("2026-05-10 09:00:00"):
            step.invalidate_recordset(["is_overdue"])
            self.assertFalse(step.is_overdue, "paused while waiting")
            self.assertNotIn(step, Step.search([("is_overdue", "=", True)]))
            self.assertIn(step, Step.search([("is_overdue", "=", False)]))
            Step._cron_escalate_overdue()
            self.assertFalse(self._escalations(step))
            Step._cron_referral_follow_up()
            self.assertFalse(self._calls(step))
        with freeze_time("2026-05-19 09:00:00"):
            Step._cron_referral_follow_up()
            call = self._calls(step)
            self.assertEqual(len(call), 1)
            self.assertEqual(call.user_id, self.user_kuemmerer)
            self.assertIn(self.provider.name, call.summary)
            Step._cron_referral_follow_up()
            self.assertEqual(len(self._calls(step)), 1, "never a second one")
            Step._cron_escalate_overdue()
            self.assertEqual(len(self._escalations(step)), 1, "now it is overdue")

    def test_answered_step_escalates_on_its_shifted_deadline(self):
        Step = self.env["kuemmerer.help.step"]
        with freeze_time("2026-05-04 09:00:00"):
            step = self._referral_step()
            step.date_deadline = date(2026, 5, 6)
            token = self._send(step)
        with freeze_time("2026-05-06 09:00:00"):
            self._token_step(token)._kuemmerer_referral_answer("accepted", "")
            self.assertEqual(step.date_deadline, date(2026, 5, 8))
        with freeze_time("2026-05-08 09:00:00"):
            Step._cron_escalate_overdue()
            self.assertFalse(self._escalations(step))
        with freeze_time("2026-05-09 09:00:00"):
            Step._cron_escalate_overdue()
            self.assertEqual(len(self._escalations(step)), 1)
            Step._cron_referral_follow_up()
            self.assertFalse(self._calls(step), "answered: nobody needs to call")


@tagged("post_install", "-at_install")
class TestReferralReport(ReferralCommon):
    def test_per_provider_figure_is_masked(self):
        other = self.provider.copy({"name": "Beratung Nord"})
        with freeze_time("2025-03-02 09:00:00"):
            steps = [self._referral_step() for _index in range(4)]
            tokens = [self._send(step) for step in steps[:3]]
            steps[3].provider_id = other
            self._send(steps[3])
        with freeze_time("2025-03-04 09:00:00"):
            for token in tokens:
                self._token_step(token)._kuemmerer_referral_answer("accepted", "")
        Report = self.env["kuemmerer.report.annual"].with_user(self.user_manager)
        data = Report._kuemmerer_report_data(date(2025, 1, 1), date(2025, 12, 31))
        section = next(
            s for s in data["sections"] if s["key"] == "referrals_by_provider"
        )
        rows = {
            label: [Report._kuemmerer_mask(cell) for cell in cells]
            for label, cells in section["rows"]
        }
        self.assertEqual(rows["Pflegeberatung Süd"], ["3", "100 %", "2,0"])
        self.assertEqual(
            rows["Beratung Nord"], ["< 3", "hidden (fewer than 3 cases)", "–"]
        )
        self.assertNotIn("Anna Althaus", repr(data))


@tagged("post_install", "-at_install")
class TestReferralPage(ReferralCommon, HttpCase):
    def setUp(self):
        super().setUp()
        reset_rate_limit()

    def _url(self, token):
        return f"/kuemmerer/referral/{token}"

    def _csrf(self, token):
        page = self.url_open(self._url(token))
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post(self, token, **data):
        data.setdefault("csrf_token", self._csrf(token))
        return self.url_open(self._url(token), data=data)

    def test_page_shows_only_the_referral(self):
        step = self._referral_step()
        token = self._send(step)
        response = self.url_open(self._url(token))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        text = response.text
        for shown in (
            "Anna Althaus",
            "Lindenstraße 1",
            "0123 456",
            "Pflege und Gesundheit",
            "Katrin Kümmerin",
        ):
            self.assertIn(shown, text)
        for hidden in (
            "Demenz",
            "anna@example.org",
            "Berta Bach",
            step.name,
            "o_main_navbar",
        ):
            self.assertNotIn(hidden, text)

    def test_bad_tokens_get_the_same_page(self):
        step = self._referral_step()
        token = self._send(step)
        wrong = self.url_open(self._url("A" * 43))
        self.assertEqual(wrong.status_code, 404)
        self.assertIn("o_kuemmerer_referral", wrong.text)
        other = self._referral_step()
        used = self._send(other)
        self._token_step(used)._kuemmerer_referral_answer("declined", "Nein.")
        with freeze_time(datetime.now() + timedelta(days=31)):
            expired = self.url_open(self._url(token))
        used_page = self.url_open(self._url(used))
        strip = re.compile(r'name="csrf_token" value="[^"]*"|csrf_token: "[^"]*"')
        for response in (expired, used_page):
            self.assertEqual(response.status_code, 404)
            self.assertEqual(strip.sub("", response.text), strip.sub("", wrong.text))

    def test_accept_decline_over_http(self):
        step = self._referral_step()
        token = self._send(step)
        response = self._post(token, answer="accepted", text="Wir rufen an.")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_kuemmerer_referral_thanks", response.text)
        self.assertEqual(step.referral_state, "accepted")
        # a reason is required to decline: nothing is written without it
        response = self._post(token, answer="declined", text="  ")
        self.assertIn("o_kuemmerer_referral_error", response.text)
        self.assertEqual(step.referral_state, "accepted")
        response = self._post(token, answer="done", text="Erledigt, Pflegegrad 2.")
        self.assertEqual(step.referral_state, "done")
        self.assertIn("Erledigt, Pflegegrad 2.", step.sudo().referral_answer)
        # used up
        self.assertEqual(self.url_open(self._url(token)).status_code, 404)

    def test_hostile_answers(self):
        step = self._referral_step()
        token = self._send(step)
        for text in ("<script>alert(1)</script>", "a" * 2001, "&lt;b&gt;"):
            response = self._post(token, answer="declined", text=text)
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_kuemmerer_referral_error", response.text)
            self.assertNotIn("<script>alert(1)", response.text)
        self.assertEqual(step.referral_state, "sent")
        self.assertFalse(step.sudo().referral_answer)
        response = self._post(token, answer="nonsense", text="x")
        self.assertIn("o_kuemmerer_referral_error", response.text)
        # without the CSRF token: refused, nothing written, no 500
        response = self._post(token, answer="accepted", text="", csrf_token="x")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(step.referral_state, "sent")

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        text=st.text(max_size=300),
        answer=st.sampled_from(["accepted", "declined", "x", ""]),
        path=st.text(
            alphabet=st.characters(codec="ascii", exclude_characters="/?#%\\"),
            min_size=1,
            max_size=120,
        ),
    )
    def test_hypothesis_never_500(self, text, answer, path):
        reset_rate_limit()
        response = self.url_open(self._url(path))
        self.assertIn(response.status_code, (200, 404))
        if not hasattr(self, "_hyp_token"):
            self._hyp_token = self._send(self._referral_step())
            # the CSRF token belongs to the session, not to the page
            self._hyp_csrf = self._csrf(self._hyp_token)
        response = self.url_open(
            self._url(self._hyp_token),
            data={"answer": answer, "text": text, "csrf_token": self._hyp_csrf},
        )
        self.assertIn(response.status_code, (200, 404))

    def test_rate_limit(self):
        self.env["ir.config_parameter"].set_param(
            "kuemmerer_addon.referral_requests_per_minute", "5"
        )
        codes = [self.url_open(self._url("B" * 43)).status_code for _index in range(7)]
        self.assertEqual(codes[:5], [404] * 5)
        self.assertEqual(codes[5:], [429, 429])
        with freeze_time(datetime.now() + timedelta(minutes=2)):
            reset_rate_limit()  # monotonic time does not move with freezegun
            self.assertEqual(self.url_open(self._url("B" * 43)).status_code, 404)

    def test_query_count(self):
        step = self._referral_step()
        token = self._send(step)
        url = self._url(token)
        self.url_open(url)
        self.env.flush_all()
        before = self.cr.sql_log_count
        self.assertEqual(self.url_open(url).status_code, 200)
        few = self.cr.sql_log_count - before
        self.assertLess(few, 25)
        # more referrals, residents and answers around it: the same cost
        for _index in range(5):
            other = self._send(self._referral_step())
            self._token_step(other)._kuemmerer_referral_answer("accepted", "ok")
        self.url_open(url)
        with self.assertQueryCount(few):
            self.assertEqual(self.url_open(url).status_code, 200)
