# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

import qrcode
import qrcode.image.svg

from odoo import api, fields, models
from odoo.exceptions import UserError

# the notice is German, whatever the user's language
WEEKDAYS = (
    ("mon", "Montag"),
    ("tue", "Dienstag"),
    ("wed", "Mittwoch"),
    ("thu", "Donnerstag"),
    ("fri", "Freitag"),
    ("sat", "Samstag"),
    ("sun", "Sonntag"),
)
NEXT_DATES = 3
ORDINALS = {2: "zweiten", 3: "dritten", 4: "vierten"}


class ReportStairwellNotice(models.AbstractModel):
    """The stairwell notice (Aushang): one A4 page per building, German and
    in large type whatever the user's language, for a neighbourhood event or
    the Kümmerer's office hours, with the public form's address as a QR code
    (drawn into the page: the report loads nothing, docs/REPORTS.md)."""

    _name = "report.kuemmerer_addon.report_stairwell_notice"
    _description = "Stairwell Notice"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        event = (
            self.env["calendar.event"]
            .browse(
                data.get("event_id") if isinstance(data.get("event_id"), int) else []
            )
            .exists()
        )
        if not event or not (event.is_neighbourhood_event or event.is_office_hours):
            raise UserError(
                self.env._(
                    "Please print the stairwell notices from Neighbourhood > Notices."
                )
            )
        event.check_access("read")
        if not docids:
            ids = data.get("building_ids")
            docids = (
                [bid for bid in ids if isinstance(bid, int)]
                if isinstance(ids, list)
                else []
            )
        buildings = self.env["kuemmerer.building"].browse(docids).exists()
        if not buildings:
            raise UserError(self.env._("Please choose the buildings."))
        buildings.check_access("read")
        url = self._kuemmerer_form_url()
        kuemmerer = event.user_id
        note = data.get("note")
        return {
            "doc_ids": buildings.ids,
            "doc_model": "kuemmerer.building",
            "docs": buildings,
            "event": event,
            "is_office_hours": bool(event.is_office_hours),
            **self._kuemmerer_when(event),
            "note": note if isinstance(note, str) else "",
            "kuemmerer": kuemmerer,
            "phone": kuemmerer.partner_id.phone
            or kuemmerer.partner_id.mobile
            or kuemmerer.company_id.phone
            or "",
            "form_url": url,
            "form_url_text": url.split("://", 1)[-1],
            "qr_code": self._kuemmerer_qr(url),
        }

    @api.model
    def _kuemmerer_form_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        return "{}/kuemmerer/hinweis".format(base.rstrip("/"))

    @api.model
    def _kuemmerer_qr(self, url):
        """The QR code as an SVG data URI, drawn by ``qrcode`` (in Odoo's
        requirements): vector graphics need no PNG renderer (reportlab's
        renderPM backend is missing on Debian) and stay sharp on paper."""
        image = qrcode.make(
            url,
            image_factory=qrcode.image.svg.SvgPathImage,
            error_correction=qrcode.constants.ERROR_CORRECT_M,
            border=2,
        )
        svg = image.to_string()
        return f"data:image/svg+xml;base64,{base64.b64encode(svg).decode()}"

    @api.model
    def _kuemmerer_when(self, event):
        """{'rule': 'jeden Dienstag, 10:00 bis 12:00 Uhr' for a weekly series
        (else empty), 'dates': the next dates as German text}: the dates
        alone when there is a rule, with the time otherwise."""
        now = fields.Datetime.now()
        events = (
            event.recurrence_id.calendar_event_ids if event.recurrence_id else event
        )
        coming = events.filtered(lambda e: e.stop >= now).sorted("start")[:NEXT_DATES]
        rule = self._kuemmerer_rule_text(event)
        dates = []
        for occurrence in coming:
            if rule:
                dates.append(occurrence._kuemmerer_local_start().strftime("%d.%m.%Y"))
            else:
                dates.append(self._kuemmerer_time_range(occurrence))
        if rule and not event.allday:
            rule = f"{rule}, {self._kuemmerer_time_range(event, with_day=False)}"
        return {"rule": rule, "dates": dates}

    @api.model
    def _kuemmerer_time_range(self, event, with_day=True):
        """'Dienstag, 01.12.2026, 10:00 bis 12:00 Uhr' (Europe/Berlin)."""
        text = event._kuemmerer_when_text()
        if event.allday:
            return text
        start = event._kuemmerer_local_start()
        stop = start + (event.stop - event.start)
        times = f"{start.strftime('%H:%M')} bis {stop.strftime('%H:%M')} Uhr"
        if not with_day:
            return times
        return f"{text[: -len(' Uhr')].rsplit(', ', 1)[0]}, {times}"

    @api.model
    def _kuemmerer_rule_text(self, event):
        """'jeden Dienstag' for a weekly series, empty otherwise."""
        recurrence = event.recurrence_id
        if not recurrence or recurrence.rrule_type != "weekly":
            return ""
        days = [name for day, name in WEEKDAYS if recurrence[day]]
        if not days:
            return ""
        interval = recurrence.interval or 1
        every = (
            "jeden"
            if interval == 1
            else "jeden {}".format(ORDINALS.get(interval, f"{interval}."))
        )
        return "{} {}".format(every, " und ".join(days))
