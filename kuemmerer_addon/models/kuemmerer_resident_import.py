# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Import of residents and flats from the housing system through Odoo's own
import (base_import): rows are matched by tenant number, so a re-import
updates residents instead of duplicating them; broken rows are rejected one
by one with a message, the valid rows are imported."""

import re
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d %H:%M:%S")
TRUE_VALUES = {"1", "true", "yes", "ja", "j", "x", "wahr"}
FALSE_VALUES = {"0", "false", "no", "nein", "n", "falsch", ""}
# columns compared to skip rows that would not change their resident
COMPARABLE = {
    "tenant_number",
    "name",
    "street",
    "street2",
    "zip",
    "city",
    "flat_number",
    "phone",
    "mobile",
    "email",
    "quarter_id",
    "birthdate",
    "lives_alone",
    "is_resident",
    "building_id",
}
STREET_RE = re.compile(r"[^0-9a-zäöüß]+")


def _cell(index, row, fname):
    """The stripped text of the column ``fname`` in ``row`` ("" if none)."""
    position = index.get(fname)
    if position is None or position >= len(row):
        return ""
    return (row[position] or "").strip()


class KuemmererResidentImport(models.AbstractModel):
    _name = "kuemmerer.resident.import"
    _description = "Resident Import"

    @api.model
    def _kuemmerer_applies(self, fields_list):
        """Residents are imported by tenant number, unless the file already
        names records by external or database id."""
        return "tenant_number" in fields_list and not {"id", ".id"} & set(fields_list)

    @api.model
    def _kuemmerer_prepare(self, fields_list, data):
        """Check every row and map known tenant numbers to their resident.

        Returns (fields, rows, origin, rejected, nextrow): the fields and rows
        to pass to Odoo's ``load``, ``origin[i]`` the index in ``data`` of
        row ``i``, the messages of the rejected rows and the next row to
        import (0 when all rows were handled)."""
        limit = self.env.context.get("_import_limit")
        chunk = data[:limit] if limit else data
        nextrow = limit if limit and len(data) > limit else 0
        index = {fname: position for position, fname in enumerate(fields_list)}
        # tenant numbers appearing more than once in the file
        occurrences = {}
        for position, row in enumerate(chunk):
            number = _cell(index, row, "tenant_number")
            if number:
                occurrences.setdefault(number, []).append(position)
        existing = self._kuemmerer_existing(list(occurrences))
        check = {
            "index": index,
            "occurrences": occurrences,
            "existing": existing,
            "quarters": self._kuemmerer_quarters() if "quarter_id" in index else {},
            "buildings": self._kuemmerer_buildings() if "building_id" in index else {},
            "today": fields.Date.context_today(self),
        }
        new_fields = list(fields_list)
        if "quarter_id" in index:
            new_fields[index["quarter_id"]] = "quarter_id/.id"
        if "building_id" in index:
            new_fields[index["building_id"]] = "building_id/.id"
        add_resident = "is_resident" not in index
        if add_resident:
            new_fields.append("is_resident")
        new_fields.append(".id")

        current = self._kuemmerer_current_values(fields_list, existing)
        rows, origin, rejected, unchanged = [], [], [], []
        for position, row in enumerate(chunk):
            number = _cell(index, row, "tenant_number")
            values = list(row) + [""] * (len(fields_list) - len(row))
            problems = self._kuemmerer_row_problems(row, values, check)
            if problems:
                rejected.append(self._kuemmerer_rejection(position, number, problems))
                continue
            values[index["tenant_number"]] = number
            if number in current and current[number] == self._kuemmerer_row_key(
                fields_list, values
            ):
                unchanged.append(existing[number])  # nothing to write
                continue
            if add_resident:
                values.append("1")
            values.append(str(existing[number]) if number in existing else "")
            rows.append(values)
            origin.append(position)
        return new_fields, rows, origin, rejected, nextrow, unchanged

    @api.model
    def _kuemmerer_rejection(self, position, number, problems):
        """The import message of a row not imported."""
        message = self.env._(
            "Row %(line)s, tenant number %(number)s: not imported. %(problems)s",
            line=position + 2,  # the first line of the file holds the column names
            number=number or "-",
            problems=" ".join(problems),
        )
        return {
            "type": "warning",
            "message": message,
            "record": position,
            "rows": {"from": position, "to": position},
            "tenant_number": number,
        }

    @api.model
    def _kuemmerer_row_problems(self, row, values, check):
        """What is wrong with a row, in plain words; the cells converted for
        ``load`` (quarter id, date, yes/no) are written into ``values``."""
        _ = self.env._
        index = check["index"]
        number = _cell(index, row, "tenant_number")
        occurrences = check["occurrences"]
        problems = []
        if not number:
            problems.append(_("The tenant number is missing. Please add it."))
        elif len(occurrences[number]) > 1:
            problems.append(
                _(
                    "The tenant number appears more than once in the file (rows "
                    "%(rows)s). "
                    "Please keep only one row per tenant.",
                    rows=", ".join(str(other + 2) for other in occurrences[number]),
                )
            )
        if ("name" in index and not _cell(index, row, "name")) or (
            "name" not in index and number not in check["existing"]
        ):
            problems.append(_("The name is missing. Please add it."))
        if "quarter_id" in index:
            quarter = _cell(index, row, "quarter_id")
            quarter_id = check["quarters"].get(quarter.lower()) if quarter else False
            if quarter and not quarter_id:
                problems.append(
                    _(
                        'The quarter "%(quarter)s" is unknown. Please use the name or '
                        "the "
                        "code of an existing quarter.",
                        quarter=quarter,
                    )
                )
            values[index["quarter_id"]] = str(quarter_id) if quarter_id else ""
        if "building_id" in index:
            building_id, problem = self._kuemmerer_building_value(
                _cell(index, row, "building_id"),
                check["buildings"],
                values[index["quarter_id"]] if "quarter_id" in index else "",
            )
            if problem:
                problems.append(problem)
            values[index["building_id"]] = str(building_id) if building_id else ""
        if "birthdate" in index and _cell(index, row, "birthdate"):
            problems += self._kuemmerer_check_birthdate(row, values, check)
        if "lives_alone" in index:
            flag = _cell(index, row, "lives_alone").lower()
            if flag in TRUE_VALUES:
                values[index["lives_alone"]] = "1"
            elif flag in FALSE_VALUES:
                values[index["lives_alone"]] = "0"
            else:
                problems.append(
                    _(
                        '"%(value)s" is not a valid answer for "lives alone". '
                        'Please write "ja" or "nein".',
                        value=_cell(index, row, "lives_alone"),
                    )
                )
        return problems

    @api.model
    def _kuemmerer_check_birthdate(self, row, values, check):
        _ = self.env._
        index = check["index"]
        value = _cell(index, row, "birthdate")
        birthdate = self._kuemmerer_parse_date(value)
        if not birthdate:
            return [
                _(
                    'The date of birth "%(value)s" is not a valid date. '
                    "Please write it like 24.11.1940.",
                    value=value,
                )
            ]
        if birthdate > check["today"]:
            return [
                _(
                    "The date of birth %(value)s lies in the future. Please check it.",
                    value=value,
                )
            ]
        values[index["birthdate"]] = fields.Date.to_string(birthdate)
        return []

    @api.model
    def _kuemmerer_row_key(self, fields_list, values):
        return tuple(
            (values[position] or "").strip() for position in range(len(fields_list))
        )

    @api.model
    def _kuemmerer_current_values(self, fields_list, existing):
        """{tenant number: row key} of the known residents, as the file would
        write them, so that unchanged rows are skipped (a re-import of
        20,000 mostly unchanged residents stays fast)."""
        if not existing or not set(fields_list) <= COMPARABLE:
            return {}
        partners = (
            self.env["kuemmerer.resident"]
            .sudo()
            .with_context(active_test=False)
            .browse(existing.values())
        )
        partners.fetch(
            [fname for fname in fields_list if fname != "is_resident"] + ["is_resident"]
        )
        result = {}
        for partner in partners:
            if not partner.is_resident:
                continue  # the import makes them a resident
            key = []
            for fname in fields_list:
                value = partner[fname]
                if fname in ("quarter_id", "building_id"):
                    value = str(value.id) if value else ""
                elif fname in ("lives_alone", "is_resident"):
                    value = "1" if value else "0"
                elif fname == "birthdate":
                    value = fields.Date.to_string(value) if value else ""
                key.append(value.strip() if isinstance(value, str) else value or "")
            result[partner.tenant_number] = tuple(key)
        return result

    @api.model
    def _kuemmerer_merge(self, result, origin, rejected, nextrow, unchanged=()):
        """Odoo's load result with the rejected rows added and every message
        pointing to the row of the imported file."""
        messages = []
        for message in result.get("messages", []):
            message = dict(message)
            if isinstance(message.get("record"), int) and message["record"] < len(
                origin
            ):
                message["record"] = origin[message["record"]]
            if isinstance(message.get("rows"), dict):
                rows = dict(message["rows"])
                for key in ("from", "to"):
                    if isinstance(rows.get(key), int) and 0 <= rows[key] < len(origin):
                        rows[key] = origin[rows[key]]
                message["rows"] = rows
            messages.append(message)
        messages.extend(rejected)
        ids = result.get("ids")
        if ids is not False:
            ids = list(ids or []) + list(unchanged)
        return dict(result, ids=ids, messages=messages, nextrow=nextrow)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_check_tenant_numbers(self, vals_list, exclude=None):
        """A tenant number is unique per company (also without a company,
        which the SQL constraint does not see): a clear message before
        anything is written, instead of the unique index's error."""
        numbers = [
            vals["tenant_number"] for vals in vals_list if vals.get("tenant_number")
        ]
        if not numbers:
            return
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        domain = [("tenant_number", "in", numbers)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        existing = Partner.search_fetch(
            domain, ["tenant_number", "company_id", "display_name"]
        )
        taken = {
            (partner.tenant_number, partner.company_id.id): partner
            for partner in existing
        }
        seen = set()
        for vals in vals_list:
            number = vals.get("tenant_number")
            if not number:
                continue
            key = (number, vals.get("company_id") or False)
            clash = taken.get(key)
            if clash or key in seen:
                raise ValidationError(
                    self.env._(
                        "The tenant number %(number)s is already used by %(name)s. "
                        "Please check the number.",
                        number=number,
                        name=clash.display_name if clash else vals.get("name", ""),
                    )
                )
            seen.add(key)

    @api.model
    def _kuemmerer_changed_vals(self, record, vals):
        """Re-import from the housing system: leave out the columns that do
        not change, so neither their constraints nor the fields that depend
        on them are recomputed for every row."""
        return {
            fname: value
            for fname, value in vals.items()
            if fname not in record._fields
            or record._fields[fname].type
            not in ("char", "boolean", "many2one", "integer", "selection", "date")
            or record._fields[fname].convert_to_write(record[fname], record) != value
        }

    @api.model
    def _kuemmerer_existing(self, numbers):
        """{tenant number: case file id} of the residents already known
        (archived ones too, so that they are updated, not duplicated)."""
        if not numbers:
            return {}
        partners = (
            self.env["kuemmerer.resident"]
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("tenant_number", "in", numbers),
                    ("company_id", "in", [False, self.env.company.id]),
                ],
                ["tenant_number", "company_id"],
            )
        )
        result = {}
        # a resident of the current company wins over one without company
        for partner in partners.sorted(lambda p: bool(p.company_id)):
            result[partner.tenant_number] = partner.id
        return result

    @api.model
    def _kuemmerer_quarters(self):
        """{lower-case code or name: id} of the quarters."""
        quarters = self.env["kuemmerer.quarter"].search_fetch([], ["name", "code"])
        result = {quarter.name.strip().lower(): quarter.id for quarter in quarters}
        # codes win over names
        result.update(
            {quarter.code.strip().lower(): quarter.id for quarter in quarters}
        )
        return result

    @api.model
    def _kuemmerer_buildings(self):
        """{lower-case name: [(quarter id, building id)]} of the buildings."""
        result = {}
        for building in self.env["kuemmerer.building"].search_fetch(
            [], ["name", "quarter_id"]
        ):
            result.setdefault(building.name.strip().lower(), []).append(
                (building.quarter_id.id, building.id)
            )
        return result

    @api.model
    def _kuemmerer_building_value(self, name, buildings, quarter_id):
        """(building id, problem) for the building column of a row: by name,
        in the row's quarter when the name is used in several quarters."""
        if not name:
            return False, None
        candidates = buildings.get(name.lower(), [])
        if len(candidates) > 1 and quarter_id:
            candidates = [
                c for c in candidates if str(c[0]) == quarter_id
            ] or candidates
        if len(candidates) == 1:
            return candidates[0][1], None
        if candidates:
            return False, self.env._(
                'The building "%(building)s" exists in several quarters. Please add '
                "the "
                "quarter.",
                building=name,
            )
        return False, self.env._(
            'The building "%(building)s" is unknown. Please record it first '
            "(Residents > Buildings) or leave the column empty.",
            building=name,
        )

    @api.model
    def _kuemmerer_street_key(self, street, zip_code):
        street = (
            (street or "").lower().replace("straße", "str").replace("strasse", "str")
        )
        return STREET_RE.sub("", street), (zip_code or "").strip()

    @api.model
    def _kuemmerer_fill_buildings(self, resident_ids):
        """Residents without a building get the building at their address
        (same street and number, same ZIP code when both have one): the
        housing system knows the addresses, not our buildings."""
        residents = (
            self.env["kuemmerer.resident"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("id", "in", resident_ids),
                    ("building_id", "=", False),
                    ("street", "!=", False),
                ],
                ["street", "zip", "quarter_id"],
            )
        )
        if not residents:
            return
        by_street = {}
        for building in self.env["kuemmerer.building"].search_fetch(
            [], ["street", "zip"]
        ):
            street, zip_code = self._kuemmerer_street_key(building.street, building.zip)
            if street:
                by_street.setdefault(street, []).append((zip_code, building.id))
        found = {}
        for resident in residents:
            street, zip_code = self._kuemmerer_street_key(resident.street, resident.zip)
            matches = [
                building_id
                for building_zip, building_id in by_street.get(street, [])
                if not building_zip or not zip_code or building_zip == zip_code
            ]
            if len(matches) == 1:
                found.setdefault(matches[0], []).append(resident.partner_id.id)
        for building_id, partner_ids in found.items():
            self.env["res.partner"].sudo().browse(partner_ids).write(
                {"building_id": building_id}
            )

    @api.model
    def _kuemmerer_parse_date(self, value):
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(value, date_format).date()
            except ValueError:
                continue
        return False

    @api.model
    def _kuemmerer_check_tenant_number_write(self, partners, vals):
        """``_kuemmerer_check_tenant_numbers`` for a write of ``vals``."""
        self._kuemmerer_check_tenant_numbers(
            [
                {
                    "tenant_number": vals["tenant_number"],
                    "company_id": vals.get("company_id", partner.sudo().company_id.id),
                    "name": partner.sudo().display_name,
                }
                for partner in partners
            ],
            exclude=partners,
        )
