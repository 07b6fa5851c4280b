# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who looks after a resident, and who may change that: one place for the
rules of docs/SECURITY.md ("nobody claims a resident")."""

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from ..const import CASEWORK, MANAGER
from .kuemmerer_need import OPEN_STATES

# who is responsible for a resident: changed only by coordinators or by a handover
RESPONSIBILITY_FIELDS = ("quarter_id", "kuemmerer_user_id")


class KuemmererResponsibility(models.AbstractModel):
    _name = "kuemmerer.responsibility"
    _description = "Responsibility for Residents"

    @api.model
    def _has_case_file(self, partner):
        """Whether ``partner`` is, or was, a resident with a case file."""
        partner = partner.sudo()
        return bool(
            partner.is_resident
            or partner.with_context(active_test=False).kuemmerer_resident_ids
        )

    @api.model
    def _holders(self, partner):
        """The Kümmerer who hold ``partner`` now: the responsible one, or,
        when nobody is named, the Kümmerer of the resident's quarter."""
        partner = partner.sudo()
        return partner.kuemmerer_user_id or partner.quarter_id.user_ids

    @api.model
    def _in_care(self, partners, user=None):
        """The partners of ``partners`` that ``user`` (default: the current
        user) looks after: of one of their quarters, or handed to them."""
        user = user or self.env.user
        if user._is_superuser() or user.has_group(MANAGER):
            return partners
        partners_sudo = partners.sudo()
        partners_sudo.fetch(["quarter_id", "kuemmerer_user_id"])
        return partners.browse(
            [
                partner.id
                for partner in partners_sudo
                if partner.kuemmerer_user_id == user
                or user in partner.quarter_id.user_ids
            ]
        )

    @api.model
    def _check_in_care(self, partners):
        """Casework (needs, contacts, home visits, consents) is recorded only
        for residents the user looks after."""
        if self.env.su:
            return
        outside = partners - self._in_care(partners)
        if outside:
            raise UserError(
                self.env._(
                    "%(name)s is not one of the residents you look after. Please ask "
                    "the "
                    "coordination if you should take care of this person.",
                    name=outside[0].sudo().display_name,
                )
            )

    @api.model
    def _check_new_residents(self, vals_list):
        """A Kümmerer records new residents only in their own quarters and
        for themselves; the coordination for everybody."""
        if self.env.su or not vals_list or self.env.user.has_group(MANAGER):
            return
        user = self.env.user
        Quarter = self.env["kuemmerer.quarter"].sudo()
        my_quarters = Quarter.search([("user_ids", "in", user.ids)])
        default_quarter = self.env.context.get("default_quarter_id")
        for vals in vals_list:
            quarter_id = vals.get("quarter_id", default_quarter)
            if quarter_id and quarter_id not in my_quarters.ids:
                raise UserError(
                    self.env._(
                        "You can record residents only for your own quarters. Please "
                        "ask the "
                        "coordination to record this person for %(quarter)s.",
                        quarter=Quarter.browse(quarter_id).display_name,
                    )
                )
            if vals.get("kuemmerer_user_id") not in (None, False, user.id):
                raise UserError(self._message())

    @api.model
    def _message(self):
        return self.env._(
            "Only the coordination can decide who is responsible for a resident. To "
            "pass a "
            'resident on to a colleague, use "Hand over" on the resident\'s page.'
        )

    @api.model
    def _check_write(self, partners, vals):
        """Nobody claims a resident: who is responsible for a resident
        (quarter, responsible Kümmerer) is changed by the coordination or by a
        handover; and a Kümmerer changes only the residents they look after."""
        if self.env.su or not partners or self.env.user.has_group(MANAGER):
            return
        changes_responsibility = any(fname in vals for fname in RESPONSIBILITY_FIELDS)
        for partner in partners:
            if not self._has_case_file(partner):
                if vals.get("is_resident"):
                    # becomes a resident: as if recorded now
                    merged = {
                        fname: partner.sudo()[fname].id
                        for fname in RESPONSIBILITY_FIELDS
                    }
                    merged.update(
                        {
                            fname: vals[fname]
                            for fname in RESPONSIBILITY_FIELDS
                            if fname in vals
                        }
                    )
                    self._check_new_residents([merged])
                continue
            if "is_resident" in vals and not vals["is_resident"]:
                raise UserError(
                    self.env._(
                        "Only the coordination can take %(name)s off the residents.",
                        name=partner.display_name,
                    )
                )
            if changes_responsibility:
                current = partner.sudo()
                for fname in RESPONSIBILITY_FIELDS:
                    if fname in vals and (vals[fname] or False) != current[fname].id:
                        raise UserError(self._message())
            self._check_in_care(partner)

    @api.model
    def _ensure_case_file(self, partners):
        """Every resident has their case file (created as superuser: it holds
        nothing yet, and its record rules decide who reads it)."""
        if self.env.context.get("kuemmerer_resident_file"):
            return
        residents = (
            partners.sudo().with_context(active_test=False).filtered("is_resident")
        )
        missing = residents.filtered(lambda partner: not partner.kuemmerer_resident_ids)
        if missing:
            self.env["kuemmerer.resident"].sudo().with_context(
                kuemmerer_resident_file=True
            ).create([{"partner_id": partner.id} for partner in missing])

    @api.model
    def _responsible_user(self, partner):
        """The Kümmerer responsible for the resident ``partner``: the person's
        own, else the first of the quarter's."""
        partner = partner.sudo()
        return partner.kuemmerer_user_id or partner.quarter_id.user_ids[:1]

    @api.model
    def _check_unlink(self, partners):
        """Only the coordination deletes residents."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        residents = partners.filtered(self._has_case_file)
        if residents:
            raise UserError(
                self.env._(
                    "%(name)s is a resident: only the coordination may delete "
                    "residents. "
                    "To erase a person, ask the coordination for the anonymisation.",
                    name=residents[0].display_name,
                )
            )

    @api.model
    def _cared_for_ids(self, partner_ids):
        """Which of ``partner_ids`` have an open need: what staff may know
        ("who is cared for"), nothing about the need itself."""
        if not partner_ids:
            return []
        groups = (
            self.env["kuemmerer.need"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partner_ids), ("state", "in", OPEN_STATES)],
                ["partner_id"],
            )
        )
        return [partner.id for (partner,) in groups]

    @api.model
    def _cared_for_domain(self, operator, value):
        """The search of ``res.partner.is_cared_for``."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("This search is not supported."))
        query = (
            self.env["kuemmerer.need"].sudo()._search([("state", "in", OPEN_STATES)])
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", query.subselect("partner_id"))]

    @api.model
    def _open_need_counts(self, partners):
        """{partner id: number of open needs}, counted as the user: the needs
        of a resident they may not see are not revealed by a number."""
        Need = self.env["kuemmerer.need"]
        if not partners.ids or not Need.has_access("read"):
            return {}
        groups = Need._read_group(
            [("partner_id", "in", partners.ids), ("state", "in", OPEN_STATES)],
            ["partner_id"],
            ["__count"],
        )
        return {partner.id: count for partner, count in groups}

    @api.model
    def _case_file_formview(self, partner, access_uid=None):
        """The form of the resident ``partner``'s case file, when the user
        (``access_uid`` or the current one) does casework and may read it;
        else None."""
        if len(partner) != 1 or not partner.is_resident:
            return None
        user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
        if not user.has_group(CASEWORK):
            return None
        resident = (
            self.env["kuemmerer.resident"]
            .with_user(user)
            .search([("partner_id", "=", partner.id)], limit=1)
        )
        if not resident:
            return None
        return resident.with_env(partner.env).get_formview_action(access_uid=access_uid)
