#!/usr/bin/env python3
"""A local mail sink for `make run`: an SMTP server that delivers nothing.

Every message it receives is stored as an .eml file in a folder (by default
``.run/mail/``) and shown in a small web inbox, as the recipient would see
it: the HTML body, the attachments (e.g. the invitation's .ics) and the raw
message. Standard library only (asyncio for SMTP, http.server for the web
page); it listens on the loopback interface only.

    python3 scripts/mailsink.py --smtp-port 1025 --http-port 8025 --dir .run/mail

Then point Odoo's outgoing mail server at 127.0.0.1:1025 (no encryption, no
login; `scripts/run.sh` does that in the demo database) and open
http://localhost:8025.
"""

import argparse
import asyncio
import email
import email.parser
import email.policy
import html
import http.server
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
from email.utils import parsedate_to_datetime

MAX_SIZE = 50 * 1024 * 1024  # bytes per message, as announced by EHLO
MAIL_ID = re.compile(r"^\d{8}-\d{6}-\d{4}$")


# ---------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------


class Maildir:
    """The folder of .eml files: one file per message, named by arrival."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        os.makedirs(self.path, exist_ok=True)
        self._lock = threading.Lock()
        self._counter = 0

    def store(self, mail_from, rcpt_to, data):
        """Store a message as received, with the envelope in front (the
        addresses a message was delivered to, Bcc included); return its id."""
        envelope = f"X-Mailsink-Envelope-From: <{mail_from}>\r\n"
        envelope += "".join(f"X-Mailsink-Envelope-To: <{rcpt}>\r\n" for rcpt in rcpt_to)
        with self._lock:
            while True:
                self._counter = (self._counter + 1) % 10000
                mail_id = time.strftime("%Y%m%d-%H%M%S") + f"-{self._counter:04d}"
                target = os.path.join(self.path, mail_id + ".eml")
                if not os.path.exists(target):
                    break
            tmp = target + ".part"
            with open(tmp, "wb") as fh:
                fh.write(envelope.encode("utf-8") + data)
            os.replace(tmp, target)
        return mail_id

    def ids(self):
        names = (n[:-4] for n in os.listdir(self.path) if n.endswith(".eml"))
        return sorted((n for n in names if MAIL_ID.match(n)), reverse=True)

    def load(self, mail_id, headersonly=False):
        if not MAIL_ID.match(mail_id or ""):
            return None
        try:
            with open(os.path.join(self.path, mail_id + ".eml"), "rb") as fh:
                raw = fh.read()
        except FileNotFoundError:
            return None
        parser = email.parser.BytesParser(policy=email.policy.default)
        return parser.parsebytes(raw, headersonly=headersonly), raw

    def clear(self):
        with self._lock:
            for mail_id in self.ids():
                os.remove(os.path.join(self.path, mail_id + ".eml"))


# ---------------------------------------------------------------------------
# SMTP (RFC 5321, the part a sending client needs; no TLS, no AUTH)
# ---------------------------------------------------------------------------


class SmtpSession:
    def __init__(self, maildir, reader, writer, log):
        self.maildir, self.reader, self.writer, self.log = maildir, reader, writer, log
        self.reset()

    def reset(self):
        self.mail_from = None
        self.rcpt_to = []

    async def reply(self, text):
        self.writer.write(text.encode("ascii") + b"\r\n")
        await self.writer.drain()

    async def run(self):
        await self.reply("220 localhost Kuemmerer mail sink ESMTP (delivers nothing)")
        handlers = {
            "EHLO": self._ehlo,
            "HELO": self._helo,
            "MAIL": self._mail,
            "RCPT": self._rcpt,
            "DATA": self._data,
            "RSET": self._rset,
            "NOOP": self._noop,
            "VRFY": self._vrfy,
            "QUIT": self._quit,
            "STARTTLS": self._not_offered,
            "AUTH": self._not_offered,
        }
        while True:
            line = await self.reader.readline()
            if not line:
                return
            command, _, arg = line.decode("utf-8", "replace").strip().partition(" ")
            handler = handlers.get(command.upper(), self._unknown)
            if await handler(arg) is False:  # QUIT: the session ends
                return

    # One method per SMTP command; each answers, QUIT returns False.

    async def _ehlo(self, arg):
        self.reset()
        await self.reply(
            f"250-localhost\r\n250-SIZE {MAX_SIZE}\r\n250-8BITMIME\r\n"
            "250-SMTPUTF8\r\n250 HELP"
        )

    async def _helo(self, arg):
        self.reset()
        await self.reply("250 localhost")

    async def _mail(self, arg):
        address = self._address(arg, "FROM:")
        if address is None:
            await self.reply("501 Syntax: MAIL FROM:<address>")
        else:
            self.reset()
            self.mail_from = address
            await self.reply("250 OK")

    async def _rcpt(self, arg):
        address = self._address(arg, "TO:")
        if self.mail_from is None:
            await self.reply("503 MAIL FROM first")
        elif not address:
            await self.reply("501 Syntax: RCPT TO:<address>")
        else:
            self.rcpt_to.append(address)
            await self.reply("250 OK")

    async def _data(self, arg):
        if not self.rcpt_to:
            await self.reply("503 RCPT TO first")
            return
        await self.reply("354 End data with <CR><LF>.<CR><LF>")
        data = await self._read_data()
        if data is None:
            await self.reply("552 Message too large")
        else:
            mail_id = self.maildir.store(self.mail_from, self.rcpt_to, data)
            self.log(f"stored {mail_id} for {', '.join(self.rcpt_to)}")
            await self.reply(f"250 OK stored as {mail_id}")
        self.reset()

    async def _rset(self, arg):
        self.reset()
        await self.reply("250 OK")

    async def _noop(self, arg):
        await self.reply("250 OK")

    async def _vrfy(self, arg):
        await self.reply("252 Cannot verify, but will accept")

    async def _quit(self, arg):
        await self.reply("221 Bye")
        return False

    async def _not_offered(self, arg):
        await self.reply("502 Not offered by this local sink")

    async def _unknown(self, arg):
        await self.reply("500 Command not recognised")

    @staticmethod
    def _address(arg, prefix):
        if not arg.upper().startswith(prefix):
            return None
        rest = arg[len(prefix) :].strip()
        match = re.match(r"<([^>]*)>", rest)  # parameters (SIZE=, BODY=) follow
        return match.group(1) if match else rest.split(" ")[0]

    async def _read_data(self):
        lines, size, too_large = [], 0, False
        while True:
            line = await self.reader.readline()
            if not line or line in (b".\r\n", b".\n"):
                break
            if line.startswith(b".."):  # dot-stuffing (RFC 5321, 4.5.2)
                line = line[1:]
            size += len(line)
            if size > MAX_SIZE:
                too_large = True
            elif not too_large:
                lines.append(line)
        return None if too_large else b"".join(lines)


# ---------------------------------------------------------------------------
# Web inbox
# ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>{head}
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #222;
       background: #f4f5f2; font-size: 16px; }}
header {{ background: #2e6b4f; color: #fff; padding: 12px 20px; }}
header a {{ color: #fff; }}
header h1 {{ font-size: 20px; margin: 0; display: inline-block; }}
header p {{ margin: 4px 0 0; font-size: 14px; }}
main {{ padding: 16px 20px; }}
table {{ border-collapse: collapse; width: 100%; background: #fff; }}
th, td {{ text-align: left; padding: 8px 10px; border-bottom: 1px solid #ddd;
         vertical-align: top; }}
tr.mail:hover {{ background: #eef4ee; cursor: pointer; }}
th {{ background: #e7ebe4; font-weight: 600; }}
td.when {{ white-space: nowrap; }}
.meta th {{ width: 9em; background: #fff; }}
iframe {{ width: 100%; height: 75vh; border: 1px solid #ccc; background: #fff;
          display: block; }}
pre {{ white-space: pre-wrap; background: #fff; padding: 12px;
       border: 1px solid #ccc; }}
.muted {{ color: #666; }}
form {{ display: inline; }}
button {{ font-size: 14px; }}
</style></head>
<body><header>{header}</header><main>{body}</main></body></html>
"""


def _e(value):
    return html.escape(str(value or ""), quote=True)


def _when(message):
    try:
        return (
            parsedate_to_datetime(message["Date"])
            .astimezone()
            .strftime("%d.%m.%Y %H:%M")
        )
    except (TypeError, ValueError):
        return ""


def _filename(part, index):
    name = part.get_filename() or f"teil-{index}"
    return re.sub(r"[^\w.\- ]+", "_", name).strip() or f"teil-{index}"


class InboxHandler(http.server.BaseHTTPRequestHandler):
    maildir = None  # set by serve_http
    server_version = "KuemmererMailSink/1.0"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        parts = [urllib.parse.unquote(p) for p in path.strip("/").split("/") if p]
        if not parts:
            return self.index()
        if parts[0] == "m" and len(parts) >= 2:
            mail_id = parts[1]
            if mail_id.endswith(".eml") and len(parts) == 2:
                return self.raw(mail_id[:-4])
            if len(parts) == 2:
                return self.message(mail_id)
            if len(parts) == 3 and parts[2] == "body":
                return self.body(mail_id)
            if len(parts) >= 4 and parts[2] == "part" and parts[3].isdigit():
                return self.part(mail_id, int(parts[3]))
            if len(parts) == 4 and parts[2] == "cid":
                return self.cid(mail_id, parts[3])
        return self.send(404, "text/plain", "Nicht gefunden")

    def do_POST(self):
        if urllib.parse.urlsplit(self.path).path == "/clear":
            self.maildir.clear()
            self.send_response(303)
            self.send_header("Location", "/")
            self.end_headers()
            return None
        return self.send(404, "text/plain", "Nicht gefunden")

    # --- pages --------------------------------------------------------------

    def send(self, status, content_type, content, headers=None):
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def page(self, title, header, body, head=""):
        content = PAGE.format(title=_e(title), header=header, body=body, head=head)
        return self.send(200, "text/html; charset=utf-8", content)

    def index(self):
        rows = []
        for mail_id in self.maildir.ids():
            loaded = self.maildir.load(mail_id, headersonly=True)
            if not loaded:
                continue
            msg = loaded[0]
            href = f"/m/{mail_id}"
            rows.append(
                f'<tr class="mail" onclick="location.href=\'{href}\'">'
                f'<td class="when">{_e(_when(msg))}</td>'
                f"<td>{_e(msg['To'])}</td><td>{_e(msg['From'])}</td>"
                f'<td><a href="{href}">{_e(msg["Subject"]) or "(ohne Betreff)"}'
                "</a></td></tr>"
            )
        if rows:
            body = (
                "<table><tr><th>Eingang</th><th>An</th><th>Von</th><th>Betreff</th></tr>"
                + "".join(rows)
                + "</table>"
            )
        else:
            body = (
                '<p class="muted">Noch keine E-Mails. '
                "Was Odoo versendet, erscheint hier.</p>"
            )
        header = (
            f"<h1>Posteingang der Demo ({len(rows)})</h1>"
            "<p>Jede E-Mail, die Odoo versendet, landet hier statt beim Empfänger. "
            f"Dateien: {_e(self.maildir.path)} "
            '<form method="post" action="/clear" '
            "onsubmit=\"return confirm('Alle E-Mails löschen?')\">"
            "<button>Alle löschen</button></form></p>"
        )
        return self.page(
            "Posteingang der Demo",
            header,
            body,
            '<meta http-equiv="refresh" content="15">',
        )

    def message(self, mail_id):
        loaded = self.maildir.load(mail_id)
        if not loaded:
            return self.send(404, "text/plain", "Nicht gefunden")
        msg = loaded[0]
        meta = [
            ("Betreff", msg["Subject"]),
            ("Von", msg["From"]),
            ("An", msg["To"]),
            ("Kopie", msg["Cc"]),
            ("Antwort an", msg["Reply-To"]),
            ("Datum", _when(msg)),
            ("Zugestellt an", ", ".join(msg.get_all("X-Mailsink-Envelope-To") or [])),
        ]
        rows = "".join(f"<tr><th>{k}</th><td>{_e(v)}</td></tr>" for k, v in meta if v)
        attachments = [
            f'<li><a href="/m/{mail_id}/part/{i}/'
            f'{urllib.parse.quote(_filename(p, i))}">'
            f"{_e(_filename(p, i))}</a> "
            f'<span class="muted">({_e(p.get_content_type())})</span></li>'
            for i, p in enumerate(msg.walk())
            if not p.is_multipart() and p.get_content_disposition() == "attachment"
        ]
        if attachments:
            rows += f"<tr><th>Anhänge</th><td><ul>{''.join(attachments)}</ul></td></tr>"
        body = (
            f'<table class="meta">{rows}</table>'
            # same origin, no scripts inside: the page sizes the frame to the mail
            f'<p><iframe sandbox="allow-same-origin allow-popups '
            f'allow-popups-to-escape-sandbox" '
            f'src="/m/{mail_id}/body" title="Inhalt der E-Mail" '
            f'onload="this.style.height = '
            f"(this.contentDocument.documentElement.scrollHeight + 20) + "
            f"'px'\"></iframe></p>"
        )
        header = (
            f"<h1>{_e(msg['Subject']) or '(ohne Betreff)'}</h1>"
            f'<p><a href="/">← Posteingang</a> · '
            f'<a href="/m/{mail_id}.eml">Originaldatei (.eml)</a></p>'
        )
        return self.page(msg["Subject"] or mail_id, header, body)

    def body(self, mail_id):
        loaded = self.maildir.load(mail_id)
        if not loaded:
            return self.send(404, "text/plain", "Nicht gefunden")
        msg = loaded[0]
        part = msg.get_body(preferencelist=("html", "plain"))
        if part is None:
            content = (
                '<p style="font-family: sans-serif">(Diese E-Mail hat keinen Text.)</p>'
            )
        elif part.get_content_type() == "text/html":
            content = re.sub(
                r"""(["'])cid:([^"']+)\1""",
                lambda m: (
                    f"{m.group(1)}/m/{mail_id}/cid/{urllib.parse.quote(m.group(2))}{m.group(1)}"
                ),
                part.get_content(),
            )
            # links open outside the inbox (the iframe is sandboxed)
            content = '<base target="_blank">' + content
        else:
            content = (
                '<pre style="white-space: pre-wrap; font-family: sans-serif">'
                + _e(part.get_content())
                + "</pre>"
            )
        # the mail's own HTML: no scripts, images from anywhere (Odoo's logo URL)
        return self.send(
            200,
            "text/html; charset=utf-8",
            content,
            {"Content-Security-Policy": "script-src 'none'; object-src 'none'"},
        )

    def _send_part(self, part, index):
        payload = part.get_payload(decode=True) or b""
        return self.send(
            200,
            part.get_content_type(),
            payload,
            {"Content-Disposition": f'inline; filename="{_filename(part, index)}"'},
        )

    def part(self, mail_id, index):
        loaded = self.maildir.load(mail_id)
        if loaded:
            for i, part in enumerate(loaded[0].walk()):
                if i == index and not part.is_multipart():
                    return self._send_part(part, i)
        return self.send(404, "text/plain", "Nicht gefunden")

    def cid(self, mail_id, content_id):
        loaded = self.maildir.load(mail_id)
        if loaded:
            for i, part in enumerate(loaded[0].walk()):
                if (part["Content-ID"] or "").strip("<> ") == content_id:
                    return self._send_part(part, i)
        return self.send(404, "text/plain", "Nicht gefunden")

    def raw(self, mail_id):
        loaded = self.maildir.load(mail_id, headersonly=True)
        if not loaded:
            return self.send(404, "text/plain", "Nicht gefunden")
        return self.send(
            200,
            "message/rfc822",
            loaded[1],
            {"Content-Disposition": f'attachment; filename="{mail_id}.eml"'},
        )


class InboxServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a browser that leaves a page while it loads is no error
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_http(maildir, host, port):
    handler = type("Handler", (InboxHandler,), {"maildir": maildir})
    server = InboxServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


async def main_async(args):
    maildir = Maildir(args.dir)

    def log(text):
        print(f"mailsink: {text}", flush=True)

    async def on_connect(reader, writer):
        try:
            await SmtpSession(maildir, reader, writer, log).run()
        except (
            ConnectionError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            ValueError,
        ):
            pass
        finally:
            writer.close()

    smtp = await asyncio.start_server(
        on_connect, args.host, args.smtp_port, limit=1 << 20
    )
    web = serve_http(maildir, args.host, args.http_port)
    log(
        f"SMTP on {args.host}:{args.smtp_port}, inbox at "
        f"http://localhost:{args.http_port}, "
        f"files in {maildir.path}"
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with smtp:
        await stop.wait()
    web.shutdown()
    log("stopped")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--http-port", type=int, default=8025)
    parser.add_argument("--dir", default=os.path.join(".run", "mail"))
    args = parser.parse_args(argv)
    try:
        asyncio.run(main_async(args))
    except OSError as exc:
        print(f"mailsink: cannot listen: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
