"""Test of scripts/mailsink.py, the mail sink of `make run`: started as a
process on free ports, it takes a message the way Odoo sends one (smtplib's
send_message, SMTPUTF8, an HTML part, an .ics attachment, a line starting
with a dot, a Bcc), stores it as .eml, shows it in the web inbox and stops on
SIGTERM. Run by scripts/tests/test_mailsink.sh (make test); a few seconds.
"""

import os
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy

SINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mailsink.py")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


class TestMailSink(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = os.path.join(cls.tmp.name, "mail")
        cls.smtp_port, cls.http_port = free_port(), free_port()
        cls.proc = subprocess.Popen(
            [
                sys.executable,
                SINK,
                "--smtp-port",
                str(cls.smtp_port),
                "--http-port",
                str(cls.http_port),
                "--dir",
                cls.dir,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(cls.smtp_port)
        wait_for_port(cls.http_port)

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait()
        cls.proc.stdout.close()
        cls.tmp.cleanup()

    def get(self, path):
        with urllib.request.urlopen(
            f"http://127.0.0.1:{self.http_port}{path}", timeout=10
        ) as resp:
            return resp.status, resp.headers, resp.read()

    def send_invitation(self):
        msg = EmailMessage()
        msg["From"] = '"Katrin Vogel" <k.vogel@wg-lindenhof.example>'
        msg["To"] = '"Gertrud Hahn" <gertrud.hahn@example.org>'
        msg["Subject"] = "Einladung: Nachbarschaftscafé am 24.11.2026 um 14:30 Uhr"
        msg["Date"] = "Tue, 24 Nov 2026 10:00:00 +0100"
        msg.set_content("Liebe Frau Hahn,\n.eine Zeile mit Punkt\nwir laden Sie ein.")
        msg.add_alternative(
            "<p>Liebe Frau Hahn,</p>"
            "<p>wir laden Sie herzlich ins <b>Nachbarschaftscafé</b> ein.</p>"
            '<img src="cid:logo@lindenhof">',
            subtype="html",
        )
        msg.get_payload()[1].add_related(
            b"\x89PNG\r\n\x1a\nlogo", "image", "png", cid="<logo@lindenhof>"
        )
        msg.add_attachment(
            b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            maintype="text",
            subtype="calendar",
            filename="invitation.ics",
        )
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as smtp:
            smtp.ehlo()
            self.assertIn("smtputf8", smtp.esmtp_features)
            self.assertIn("size", smtp.esmtp_features)
            refused = smtp.send_message(
                msg,
                to_addrs=["gertrud.hahn@example.org", "archiv@wg-lindenhof.example"],
                mail_options=["SMTPUTF8"],
            )
        self.assertEqual(refused, {})
        return msg

    def test_01_store_and_show(self):
        sent = self.send_invitation()
        names = [n for n in os.listdir(self.dir) if n.endswith(".eml")]
        self.assertEqual(len(names), 1, names)
        mail_id = names[0][:-4]
        with open(os.path.join(self.dir, names[0]), "rb") as fh:
            stored = BytesParser(policy=default_policy).parse(fh)
        # as sent, with the envelope (the Bcc) in front
        self.assertEqual(stored["Subject"], sent["Subject"])
        self.assertEqual(
            stored.get_all("X-Mailsink-Envelope-To"),
            ["<gertrud.hahn@example.org>", "<archiv@wg-lindenhof.example>"],
        )
        self.assertIn(
            ".eine Zeile mit Punkt", stored.get_body(("plain",)).get_content()
        )

        status, headers, index = self.get("/")
        self.assertEqual(status, 200)
        self.assertIn("Nachbarschaftscafé am 24.11.2026".encode(), index)
        self.assertIn(f"/m/{mail_id}".encode(), index)
        self.assertIn(b"Gertrud Hahn", index)

        status, _headers, page = self.get(f"/m/{mail_id}")
        self.assertIn(b"invitation.ics", page)
        self.assertIn(f'src="/m/{mail_id}/body"'.encode(), page)
        self.assertIn(
            b"archiv@wg-lindenhof.example", page
        )  # delivered to, Bcc included

        status, headers, body = self.get(f"/m/{mail_id}/body")
        self.assertIn("text/html", headers["Content-Type"])
        self.assertIn("script-src 'none'", headers["Content-Security-Policy"])
        self.assertIn("<b>Nachbarschaftscafé</b>".encode(), body)
        # inline images are served from the message
        self.assertIn(f'src="/m/{mail_id}/cid/logo%40lindenhof"'.encode(), body)
        status, headers, image = self.get(f"/m/{mail_id}/cid/logo%40lindenhof")
        self.assertEqual(headers["Content-Type"], "image/png")
        self.assertTrue(image.startswith(b"\x89PNG"))

        part_link = [
            line
            for line in page.decode().split('"')
            if line.startswith(f"/m/{mail_id}/part/")
        ]
        self.assertEqual(len(part_link), 1, part_link)
        status, headers, ics = self.get(part_link[0])
        self.assertEqual(headers["Content-Type"], "text/calendar")
        self.assertTrue(ics.startswith(b"BEGIN:VCALENDAR"))

        status, headers, raw = self.get(f"/m/{mail_id}.eml")
        self.assertEqual(headers["Content-Type"], "message/rfc822")
        self.assertIn(b"Subject:", raw)

    def test_02_protocol_errors_and_missing_mails(self):
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as smtp:
            smtp.ehlo()
            self.assertEqual(smtp.docmd("RCPT", "TO:<a@example.org>")[0], 503)
            self.assertEqual(smtp.docmd("DATA")[0], 503)
            self.assertEqual(smtp.docmd("STARTTLS")[0], 502)
            self.assertEqual(smtp.docmd("FOO")[0], 500)
            self.assertEqual(
                smtp.docmd("MAIL", "FROM:<a@example.org> BODY=8BITMIME")[0], 250
            )
            self.assertEqual(smtp.docmd("RSET")[0], 250)
        for path in (
            "/m/20990101-000000-0001",
            "/m/../../etc/passwd",
            "/m/x.eml",
            "/nothing",
        ):
            with self.assertRaises(urllib.error.HTTPError) as err:
                self.get(path)
            self.assertEqual(err.exception.code, 404, path)

    def test_03_clear_and_stop(self):
        self.send_invitation()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/clear", data=b"", method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as resp:
            self.assertIn(b"Noch keine E-Mails", resp.read())
        self.assertEqual([n for n in os.listdir(self.dir) if n.endswith(".eml")], [])
        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.proc.wait(timeout=10), 0)
        self.assertIn(b"stopped", self.proc.stdout.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
