# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class KuemmererCalendarLinked(models.AbstractModel):
    """A record with a calendar event of its own (``calendar_event_id``; the
    event's ``res_model``/``res_id`` point back to it): home visits, shifts.
    The event goes when the record goes, and the record shapes the event's
    .ics (``_kuemmerer_event_ics``, called by ``calendar.event._get_ics_file``)."""

    _name = "kuemmerer.calendar.linked"
    _description = "Record with a Calendar Event"

    def unlink(self):
        # the calendar event (with its attendees) goes with the record
        events = self.calendar_event_id
        res = super().unlink()
        events.sudo().with_context(no_mail_to_attendees=True).unlink()
        return res

    def _kuemmerer_event_ics(self, event, ics):
        """The .ics (bytes) of ``event``, the record's calendar event, as it is
        sent and downloaded. A hook: unchanged here."""
        self.ensure_one()
        return ics
