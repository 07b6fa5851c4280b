# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which volunteer fits a resident: a ranking with the reasons in words."""

from odoo import api, fields, models

# points of each reason; continuity first, then place, language, skills, time
POINTS_CONTINUITY = 50
POINTS_QUARTER = 20
POINTS_LANGUAGE = 15
POINTS_SKILL = 5
POINTS_AVAILABLE = 10
POINTS_PER_TANDEM = -10
POINTS_QUALIFICATION_MISSING = -30
# the resident's language is a free text in the case file: common German
# names of languages to their codes in res.lang
LANGUAGE_CODES = {
    "deutsch": "de",
    "englisch": "en",
    "russisch": "ru",
    "ukrainisch": "uk",
    "türkisch": "tr",
    "arabisch": "ar",
    "polnisch": "pl",
    "vietnamesisch": "vi",
    "französisch": "fr",
    "italienisch": "it",
    "spanisch": "es",
    "persisch": "fa",
    "farsi": "fa",
    "kurdisch": "ku",
    "rumänisch": "ro",
    "griechisch": "el",
    "serbisch": "sr",
    "kroatisch": "hr",
}


class KuemmererTandemSuggestion(models.AbstractModel):
    _name = "kuemmerer.tandem.suggestion"
    _description = "Volunteer Suggestions for a Resident"

    @api.model
    def _rank(
        self,
        resident,
        programme="alltagsbegleitung",
        skills=None,
        weekday=None,
        limit=10,
    ):
        """The active volunteers for ``resident``, best first: a list of
        dicts (volunteer, score, reasons as a list of German sentences). A
        fixed number of queries, whatever the number of volunteers."""
        resident = resident.sudo()
        skills = skills or self.env["kuemmerer.skill"]
        volunteers = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                [
                    ("is_volunteer", "=", True),
                    ("volunteer_state", "=", "active"),
                    ("id", "!=", resident.id),
                ],
                [
                    "name",
                    "quarter_id",
                    "volunteer_quarter_ids",
                    "volunteer_lang_ids",
                    "skill_ids",
                ],
            )
        )
        if not volunteers:
            return []
        facts = self._facts(resident, volunteers, programme, weekday)
        result = []
        for volunteer in volunteers:
            if volunteer.id in facts["running"]:
                continue
            score, reasons = self._score(resident, volunteer, facts, skills, weekday)
            result.append({"volunteer": volunteer, "score": score, "reasons": reasons})
        result.sort(key=lambda entry: (-entry["score"], entry["volunteer"].name or ""))
        return result[:limit]

    @api.model
    def _facts(self, resident, volunteers, programme, weekday):
        """What the ranking needs, in one query per kind."""
        Tandem = self.env["kuemmerer.tandem"].sudo()
        load = dict(
            Tandem._read_group(
                [("volunteer_id", "in", volunteers.ids), ("state", "=", "active")],
                ["volunteer_id"],
                ["__count"],
            )
        )
        earlier, proposed = {}, set()
        for tandem in Tandem.search_fetch(
            [("resident_id", "=", resident.id), ("volunteer_id", "in", volunteers.ids)],
            ["volunteer_id", "state", "date_end"],
        ):
            if tandem.state == "proposed":
                proposed.add(tandem.volunteer_id.id)
            else:
                earlier.setdefault(tandem.volunteer_id.id, []).append(tandem)
        steps = (
            self.env["kuemmerer.help.step"]
            .sudo()
            ._read_group(
                [
                    ("need_id.partner_id", "=", resident.id),
                    ("volunteer_id", "in", volunteers.ids),
                    ("state", "=", "done"),
                ],
                ["volunteer_id"],
                ["__count"],
            )
        )
        free = set()
        if weekday:
            free = {
                partner.id
                for [partner] in self.env["kuemmerer.volunteer.availability"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", volunteers.ids), ("weekday", "=", weekday)],
                    ["partner_id"],
                )
            }
        programme_rules = (
            self.env["kuemmerer.programme"]._kuemmerer_by_code().get(programme)
        )
        qualified = set(volunteers.ids)
        if programme_rules and programme_rules.qualification_ids:
            today = fields.Date.context_today(self)
            held = (
                self.env["kuemmerer.volunteer.qualification"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", volunteers.ids),
                        (
                            "qualification_id",
                            "in",
                            programme_rules.qualification_ids.ids,
                        ),
                        "|",
                        ("date_expiry", "=", False),
                        ("date_expiry", ">", today),
                    ],
                    ["partner_id"],
                    ["qualification_id:count_distinct"],
                )
            )
            needed = len(programme_rules.qualification_ids)
            qualified = {partner.id for partner, count in held if count >= needed}
        case_file = resident.kuemmerer_resident_ids[:1]
        return {
            "load": {partner.id: count for partner, count in load.items()},
            "earlier": earlier,
            "running": {
                vid
                for vid, tandems in earlier.items()
                if any(t.state in ("active", "paused") for t in tandems)
            },
            "proposed": proposed,
            "steps": {partner.id: count for partner, count in steps},
            "free": free,
            "qualified": qualified,
            "language": self._language_code(case_file.preferred_language),
        }

    @api.model
    def _score(self, resident, volunteer, facts, skills, weekday):
        _ = self.env._
        score, reasons = 0, []
        earlier = facts["earlier"].get(volunteer.id)
        steps = facts["steps"].get(volunteer.id)
        if earlier or steps:
            score += POINTS_CONTINUITY
            reasons.append(
                _(
                    "Knows %(resident)s already from earlier help.",
                    resident=resident.name,
                )
            )
        if volunteer.id in facts["proposed"]:
            reasons.append(
                _(
                    "A tandem with %(resident)s is already proposed.",
                    resident=resident.name,
                )
            )
        quarters = volunteer.quarter_id | volunteer.volunteer_quarter_ids
        if resident.quarter_id and resident.quarter_id in quarters:
            score += POINTS_QUARTER
            reasons.append(
                _("Helps in the quarter %(quarter)s.", quarter=resident.quarter_id.name)
            )
        else:
            reasons.append(_("Helps in another quarter."))
        language = facts["language"]
        if language and any(
            lang.code.split("_")[0] == language for lang in volunteer.volunteer_lang_ids
        ):
            score += POINTS_LANGUAGE
            reasons.append(_("Speaks the resident's language."))
        matching = volunteer.skill_ids & skills
        if matching:
            score += POINTS_SKILL * len(matching)
            reasons.append(
                _(
                    "Can help with: %(skills)s.",
                    skills=", ".join(matching.mapped("name")),
                )
            )
        if weekday and volunteer.id in facts["free"]:
            score += POINTS_AVAILABLE
            reasons.append(_("Has time on %(day)s.", day=self._weekday_name(weekday)))
        load = facts["load"].get(volunteer.id, 0)
        if load:
            score += POINTS_PER_TANDEM * load
            reasons.append(_("Already accompanies %(count)s person(s).", count=load))
        else:
            reasons.append(_("Accompanies nobody at the moment."))
        if volunteer.id not in facts["qualified"]:
            score += POINTS_QUALIFICATION_MISSING
            reasons.append(_("Lacks a qualification the programme requires."))
        return score, reasons

    @api.model
    def _weekday_name(self, weekday):
        field = self.env["kuemmerer.volunteer.availability"]._fields["weekday"]
        return dict(field._description_selection(self.env)).get(weekday, "")

    @api.model
    def _language_code(self, text):
        """The code of the resident's language from the case file's free text."""
        for word in (text or "").replace(",", " ").replace("/", " ").split():
            code = LANGUAGE_CODES.get(word.strip().casefold())
            if code:
                return code
        return None
