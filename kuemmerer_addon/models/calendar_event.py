# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models

try:
    import vobject
except ImportError:  # pragma: no cover - vobject is a requirement of calendar
    vobject = None


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _get_ics_file(self):
        """The .ics of a shift names no attendee: every volunteer gets the same
        file, and volunteers must not learn each other's names or e-mail
        addresses. It has a stable UID, so that a cancellation (context key
        ``kuemmerer_ics_cancel``) removes the entry from the volunteer's calendar."""
        result = super()._get_ics_file()
        if not vobject:
            return result
        for event in self.sudo().filtered(
            lambda e: e.res_model == "kuemmerer.shift" and e.id in result
        ):
            result[event.id] = event._kuemmerer_private_ics(result[event.id])
        return result

    def _kuemmerer_private_ics(self, ics):
        self.ensure_one()
        calendar = vobject.readOne(ics.decode())
        vevent = calendar.vevent
        vevent.contents.pop("attendee", None)
        vevent.contents.pop("uid", None)
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        vevent.add("uid").value = "kuemmerer-shift-%s-%s@%s" % (self.res_id, self.id, uuid)
        if self.env.context.get("kuemmerer_ics_cancel"):
            calendar.add("method").value = "CANCEL"
            vevent.add("status").value = "CANCELLED"
            vevent.add("sequence").value = "1"
        else:
            calendar.add("method").value = "PUBLISH"
        return calendar.serialize().encode("utf-8")
