# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The newsletter to residents (issue 20) through Odoo's Email Marketing:
only residents of its quarters who consented to invitations and did not
unsubscribe get it, with a link to unsubscribe; only coordinators send it."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import KuemmererCommon
from .german import load_german


class NewsletterCommon(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.resident_a.email = "anna@example.org"
        cls.env["kuemmerer.consent"].create(
            {"partner_id": cls.resident_a.id, "purpose": "event_invitations"}
        )
        cls.no_consent = Partner.create(
            {
                "name": "Karl Keinmail",
                "email": "karl@example.org",
                "is_resident": True,
                "quarter_id": cls.quarter_a.id,
            }
        )
        cls.unsubscribed = Partner.create(
            {
                "name": "Ulla Ungern",
                "email": "ulla@example.org",
                "is_resident": True,
                "quarter_id": cls.quarter_a.id,
            }
        )
        cls.resident_b.email = "berta@example.org"
        cls.env["kuemmerer.consent"].create(
            [
                {"partner_id": cls.unsubscribed.id, "purpose": "event_invitations"},
                {"partner_id": cls.resident_b.id, "purpose": "event_invitations"},
            ]
        )
        cls.env["mail.blacklist"].sudo()._add("ulla@example.org")


@tagged("post_install", "-at_install")
class TestNewsletter(NewsletterCommon, MockEmail):
    def _newsletter(self, **vals):
        Mailing = (
            self.env["mailing.mailing"]
            .with_user(self.user_manager)
            .with_context(default_is_kuemmerer_newsletter=True)
        )
        return Mailing.create(
            {
                "subject": "Neues aus dem Quartier",
                "kuemmerer_quarter_ids": [(6, 0, self.quarter_a.ids)],
                **vals,
            }
        )

    def test_reaches_only_consented_residents_with_a_link_to_unsubscribe(self):
        newsletter = self._newsletter()
        self.assertEqual(newsletter.mailing_model_real, "res.partner")
        self.assertEqual(newsletter.kuemmerer_recipient_count, 1)
        # the filter Odoo shows and counts is a plain domain
        self.assertEqual(
            self.env["res.partner"].search(newsletter._parse_mailing_domain()),
            self.resident_a,
        )
        self.assertIn("/unsubscribe_from_list", newsletter.body_html)
        # a coordinator widens the filter by hand: the consent still holds
        newsletter.mailing_domain = "[]"
        with self.mock_mail_gateway():
            newsletter.action_send_mail()
        traces = newsletter.mailing_trace_ids
        self.assertEqual(traces.res_id, self.resident_a.id)
        self.assertEqual(len(self._mails), 1)
        mail = self._mails[0]
        self.assertIn("anna@example.org", str(mail["email_to"]))
        self.assertIn(f"/mailing/{newsletter.id}/confirm_unsubscribe", mail["body"])
        self.assertIn("Abmelden", mail["body"])

    def test_withdrawn_consent_is_respected_when_sent(self):
        newsletter = self._newsletter()
        consent = self.env["kuemmerer.consent"].search(
            [("partner_id", "=", self.resident_a.id)]
        )
        consent.action_withdraw()
        with self.mock_mail_gateway(), self.assertRaises(UserError):
            newsletter.action_send_mail()  # "There are no recipients selected."
        self.assertFalse(newsletter.mailing_trace_ids)
        self.assertFalse(self._mails)

    def test_without_quarter_or_unsubscribe_link_it_is_not_queued(self):
        newsletter = self._newsletter(kuemmerer_quarter_ids=False)
        with self.assertRaisesRegex(UserError, "quarters"):
            newsletter.action_put_in_queue()
        newsletter = self._newsletter(
            body_arch="<p>Hallo</p>", body_html="<p>Hallo</p>"
        )
        with self.assertRaisesRegex(UserError, "unsubscribe"):
            newsletter.action_put_in_queue()
        self.assertEqual(newsletter.state, "draft")

    def test_recipients_given_over_rpc_still_need_the_consent(self):
        newsletter = self._newsletter()
        with self.mock_mail_gateway():
            newsletter.action_send_mail(
                res_ids=(self.resident_a | self.no_consent | self.resident_b).ids
            )
        self.assertEqual(newsletter.mailing_trace_ids.res_id, self.resident_a.id)
        with self.assertRaises(UserError):
            newsletter.write({"is_kuemmerer_newsletter": False})

    def test_email_marketing_users_do_not_see_newsletters(self):
        newsletter = self._newsletter()
        marketer = self.env["res.users"].create(
            {
                "name": "Mara Marketing",
                "login": "mara",
                "groups_id": [
                    (4, self.env.ref("base.group_user").id),
                    (4, self.env.ref("mass_mailing.group_mass_mailing_user").id),
                ],
            }
        )
        Mailing = self.env["mailing.mailing"].with_user(marketer)
        self.assertFalse(Mailing.search([("id", "=", newsletter.id)]))
        with self.assertRaises(AccessError):
            Mailing.create({"subject": "x", "is_kuemmerer_newsletter": True})

    def test_only_coordinators_write_newsletters(self):
        for user in (self.user_kuemmerer, self.user_staff):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["mailing.mailing"].with_user(user).create(
                    {"subject": "x", "is_kuemmerer_newsletter": True}
                )


@tagged("post_install", "-at_install")
class TestNewsletterTour(HttpCase, NewsletterCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env, cls.user_manager)

    def test_newsletter_tour(self):
        self.browser_size = "1024x768"
        self.start_tour(
            "/odoo/action-kuemmerer_addon.mailing_mailing_action_kuemmerer_newsletter",
            "kuemmerer_newsletter_tour",
            login=self.user_manager.login,
        )
        newsletter = self.env["mailing.mailing"].search(
            [("is_kuemmerer_newsletter", "=", True)]
        )
        self.assertEqual(len(newsletter), 1)
        self.assertEqual(newsletter.subject, "Sommerfest im Hof")
        self.assertEqual(newsletter.kuemmerer_quarter_ids, self.quarter_a)
        self.assertEqual(newsletter.mailing_model_real, "res.partner")
