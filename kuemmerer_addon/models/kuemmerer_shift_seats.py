# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The last seat: the volunteer's sign-up on the portal and the shift's seat
counter, safe when many sign up at the same moment."""

from psycopg2.errors import SerializationFailure

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class KuemmererShiftSeats(models.AbstractModel):
    """Inherited by ``kuemmerer.shift`` (fields ``seats_max``, ``seats_taken``)."""

    _name = "kuemmerer.shift.seats"
    _description = "Shift Seats"

    def _kuemmerer_check_sign_up(self, partner):
        """Why ``partner`` may not sign up for this shift on the portal; raises
        a UserError in plain words. Seats and duplicates are checked when the
        registration is created."""
        self.ensure_one()
        partner = partner.sudo()
        shift = self.sudo()
        if not partner.is_volunteer or partner.volunteer_state != "active":
            raise UserError(
                self.env._(
                    "You cannot sign up for shifts at the moment. Please ask your "
                    "coordinator."
                )
            )
        if shift.state == "cancelled":
            raise UserError(
                self.env._("This shift has been cancelled. Please choose another date.")
            )
        if shift.state != "published" or shift.date_begin <= fields.Datetime.now():
            raise UserError(
                self.env._(
                    "This shift is over or has already begun. Please choose another "
                    "date."
                )
            )
        if shift.quarter_id not in self.env["kuemmerer.volunteer"]._quarters(partner):
            raise UserError(
                self.env._(
                    "This shift takes place in a quarter in which you do not help. "
                    "Please "
                    "choose a shift in your quarter."
                )
            )

    def _kuemmerer_sign_up(self, partner):
        """Portal sign-up of ``partner`` (called after the access check, as
        superuser). Safe to run again: Odoo repeats a request that lost a race
        for the last seat, and the repetition then finds the shift full."""
        self.ensure_one()
        self._kuemmerer_check_sign_up(partner)
        if self.seats_max and self.seats_taken >= self.seats_max:
            # full already in this transaction's snapshot (the usual case when
            # many want the last seat): say so without trying
            self.env["kuemmerer.shift.registration"]._kuemmerer_check_duplicates(
                [(self.id, partner.id)]
            )
            raise self._kuemmerer_full_error()
        return (
            self.env["kuemmerer.shift.registration"]
            .sudo()
            .create({"shift_id": self.id, "partner_id": partner.id})
        )

    def _kuemmerer_full_error(self):
        """A plain UserError (clients over RPC and the web client know it),
        marked so that the portal can answer it with a redirect."""
        error = UserError(
            self.env._(
                "All seats for this shift are taken. Please choose another date."
            )
        )
        error.kuemmerer_shift_full = True
        return error

    def _kuemmerer_take_seats(self, count=1):
        """Take ``count`` seats or raise: one conditional UPDATE, so that of
        concurrent transactions only those that fit get through. The others
        wait for the row lock and fail with a serialization error (Odoo runs at
        REPEATABLE READ), which Odoo retries; the retry sees the shift full."""
        self.ensure_one()
        self.flush_recordset(["seats_max", "seats_taken"])
        full = self._kuemmerer_full_error()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET seats_taken = seats_taken + %s "
                        "WHERE id = %s AND (seats_max = 0 OR seats_taken + %s <= "
                        "seats_max) "
                        "RETURNING id",
                        SQL.identifier(self._table),
                        count,
                        self.id,
                        count,
                    ),
                    log_exceptions=False,  # expected under concurrency, handled below
                )
                taken = bool(self.env.cr.fetchone())
        except SerializationFailure:
            # Another sign-up took seats since this transaction began. If the
            # committed state leaves too few, refuse now: a retry (after
            # Odoo's random back-off of up to seconds) would only find the
            # shift full. Otherwise let Odoo retry the request.
            if not self._kuemmerer_committed_seats_left(count):
                self.invalidate_recordset(["seats_taken"])
                raise full from None
            raise
        self.invalidate_recordset(["seats_taken"])
        if not taken:
            raise full
        self.modified(["seats_taken"])

    def _kuemmerer_committed_seats_left(self, count):
        """Whether ``count`` seats are free in the committed state (a fresh
        transaction, not this one's snapshot)."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT seats_max = 0 OR seats_taken + %s <= seats_max FROM %s "
                    "WHERE id = %s",
                    count,
                    SQL.identifier(self._table),
                    self.id,
                )
            )
            row = cr.fetchone()
        return bool(row and row[0])

    def _kuemmerer_release_seats(self, count=1):
        self.ensure_one()
        self.flush_recordset(["seats_taken"])
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET seats_taken = GREATEST(seats_taken - %s, 0) WHERE id = "
                "%s",
                SQL.identifier(self._table),
                count,
                self.id,
            )
        )
        self.invalidate_recordset(["seats_taken"])
        self.modified(["seats_taken"])
