# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shift's series: a shift repeated every week or two, at the same local
time, planned at most two years ahead."""

from datetime import timedelta

import pytz

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from ..const import DEFAULT_TZ

RECURRENCE_DAYS = {"weekly": 7, "biweekly": 14}
# a series is planned for at most two years ahead
MAX_SERIES_DAYS = 731


class KuemmererShiftSeries(models.AbstractModel):
    """Inherited by ``kuemmerer.shift`` (which holds the fields ``recurrence``,
    ``recurrence_until``, ``series_id``, ``series_shift_ids``)."""

    _name = "kuemmerer.shift.series"
    _description = "Shift Series"

    def _compute_series_count(self):
        groups = self._read_group(
            [("series_id", "in", self.ids)], ["series_id"], ["__count"]
        )
        counts = {series.id: count for series, count in groups}
        for shift in self:
            shift.series_count = counts.get(shift.id, 0)

    @api.constrains("recurrence", "recurrence_until", "date_begin")
    def _check_recurrence(self):
        for shift in self.filtered(lambda s: s.recurrence != "none"):
            if not shift.recurrence_until:
                raise ValidationError(
                    self.env._("Please enter the date until which the shift repeats.")
                )
            first_day = shift._kuemmerer_local(shift.date_begin).date()
            if shift.recurrence_until <= first_day:
                raise ValidationError(
                    self.env._("The repetition must end after the first shift.")
                )
            if (shift.recurrence_until - first_day).days > MAX_SERIES_DAYS:
                raise ValidationError(
                    self.env._(
                        "A series can be planned for at most two years. Please choose "
                        "an "
                        "earlier end date."
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_generate_series(self):
        self.ensure_one()
        if self.recurrence == "none":
            raise UserError(self.env._("Please choose how the shift repeats first."))
        created = self._kuemmerer_generate_series()
        if not created:
            raise UserError(self.env._("The series is complete: no shift is missing."))
        return self.action_view_series()

    def action_view_series(self):
        self.ensure_one()
        origin = self.series_id or self
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_shift_action"
        )
        action["domain"] = ["|", ("id", "=", origin.id), ("series_id", "=", origin.id)]
        action["context"] = {}
        action["view_mode"] = "list,calendar,form"
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_tz(self):
        self.ensure_one()
        return pytz.timezone(self.user_id.tz or self.env.user.tz or DEFAULT_TZ)

    def _kuemmerer_local(self, value):
        """UTC datetime of the database to the local wall-clock time (naive)."""
        return (
            pytz.utc.localize(value)
            .astimezone(self._kuemmerer_tz())
            .replace(tzinfo=None)
        )

    def _kuemmerer_utc(self, value):
        """Local wall-clock time (naive) to the UTC datetime of the database."""
        return (
            self._kuemmerer_tz()
            .localize(value)
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )

    def _kuemmerer_generate_series(self):
        """Create the missing shifts of each series up to its end date, at the
        same local time (also across the change to and from summer time).
        Running it again creates nothing twice."""
        created = self.browse()
        origins = self.filtered(
            lambda s: s.recurrence != "none" and s.recurrence_until and not s.series_id
        )
        for origin in origins:
            step = timedelta(days=RECURRENCE_DAYS[origin.recurrence])
            begin = origin._kuemmerer_local(origin.date_begin)
            end = origin._kuemmerer_local(origin.date_end)
            existing = set(origin.series_shift_ids.mapped("date_begin"))
            vals_list = []
            occurrence = 1
            while (begin + step * occurrence).date() <= origin.recurrence_until:
                date_begin = origin._kuemmerer_utc(begin + step * occurrence)
                if date_begin not in existing:
                    vals_list.append(
                        origin.copy_data(
                            {
                                "date_begin": date_begin,
                                "date_end": origin._kuemmerer_utc(
                                    end + step * occurrence
                                ),
                                "series_id": origin.id,
                                "state": "draft",
                            }
                        )[0]
                    )
                occurrence += 1
            if not vals_list:
                continue
            shifts = self.create(vals_list)
            if origin.state == "published":
                shifts.action_publish()
            created |= shifts
        return created
