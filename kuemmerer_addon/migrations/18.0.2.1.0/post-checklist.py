# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.1.0: every question of the shipped home visit checklist is asked so
that "Ja" means "help is needed here". Six questions asked the other way
round ("Hat jemanden, der im Notfall hilft": "Nein" pointed to a need) are
rephrased ("Hat niemanden, der im Notfall hilft") and point to a need with
"Ja".

The checklist data is ``noupdate``: the update does not touch it, this
script does, for the questions as they were shipped (a question a
coordinator has reworded or turned round stays as it is). The answers given
to a rephrased question are turned round with it (yes <-> no, in planned and
finished visits alike), so that each visit still says what the resident
told: "Hat jemanden ...: Nein" becomes "Hat niemanden ...: Ja". The texts of
needs already recorded keep the words of their day."""

import json
import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MODULE = "kuemmerer_addon"

# xml id: (shipped wording, new wording); all shipped with trigger_answer "no"
REPHRASED = {
    "checklist_question_trusted_person": (
        "Hat jemanden, der im Notfall hilft",
        "Hat niemanden, der im Notfall hilft",
    ),
    "checklist_question_medication": (
        "Kommt mit den Medikamenten gut zurecht",
        "Hat Schwierigkeiten mit den Medikamenten",
    ),
    "checklist_question_doctor": (
        "Hat eine Hausärztin oder einen Hausarzt",
        "Hat keine Hausärztin und keinen Hausarzt",
    ),
    "checklist_question_household": (
        "Kann selbst einkaufen, kochen und die Wohnung sauber halten",
        "Braucht Hilfe beim Einkaufen, Kochen oder Sauberhalten der Wohnung",
    ),
    "checklist_question_ways": (
        "Kommt allein zum Arzt und zum Einkaufen",
        "Braucht Begleitung zum Arzt oder zum Einkaufen",
    ),
    "checklist_question_phone": (
        "Nutzt Telefon oder Smartphone, um mit anderen in Kontakt zu bleiben",
        "Kann Telefon oder Smartphone nicht nutzen, um mit anderen in Kontakt zu "
        "bleiben",
    ),
}

CHECKLIST_DESCRIPTION = (
    "Für den ersten und die jährlichen Hausbesuche: zwölf Fragen, die früh zeigen, "
    "wo Hilfe gebraucht wird.",
    "Für den ersten und die jährlichen Hausbesuche: zwölf Fragen, die früh zeigen, "
    "wo Hilfe gebraucht wird. „Ja“ heißt bei jeder Frage: Hier wird Hilfe gebraucht.",
)


def _record_id(cr, xmlid, model):
    cr.execute(
        SQL(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s AND "
            "model = %s",
            MODULE,
            xmlid,
            model,
        )
    )
    row = cr.fetchone()
    return row and row[0]


def _reword(cr, table, column, record_id, old, new, extra=None):
    """Set the translated ``column`` to ``new`` in every language when it
    still reads ``old`` in every language; True when done."""
    cr.execute(
        SQL(
            "SELECT %s FROM %s WHERE id = %s",
            SQL.identifier(column),
            SQL.identifier(table),
            record_id,
        )
    )
    row = cr.fetchone()
    values = row and row[0]
    if not values or any(value != old for value in values.values()):
        return False
    cr.execute(
        SQL(
            "UPDATE %s SET %s = %s::jsonb%s WHERE id = %s",
            SQL.identifier(table),
            SQL.identifier(column),
            json.dumps({lang: new for lang in values}),
            extra or SQL(),
            record_id,
        )
    )
    return True


def migrate(cr, version):
    if not version:
        return
    turned = 0
    for xmlid, (old, new) in REPHRASED.items():
        question_id = _record_id(cr, xmlid, "kuemmerer.checklist.question")
        if not question_id:
            continue
        cr.execute(
            SQL(
                "SELECT trigger_answer FROM kuemmerer_checklist_question WHERE id = %s",
                question_id,
            )
        )
        if cr.fetchone()[0] != "no":
            continue
        if not _reword(
            cr,
            "kuemmerer_checklist_question",
            "name",
            question_id,
            old,
            new,
            extra=SQL(", trigger_answer = 'yes'"),
        ):
            continue
        cr.execute(
            SQL(
                "UPDATE kuemmerer_visit_answer"
                " SET answer = CASE answer WHEN 'yes' THEN 'no' ELSE 'yes' END"
                " WHERE question_id = %s AND answer IN ('yes', 'no')",
                question_id,
            )
        )
        turned += cr.rowcount
        _logger.info(
            "Home visit checklist: '%s' is now '%s' (need when 'yes')", old, new
        )
    checklist_id = _record_id(cr, "checklist_home_visit", "kuemmerer.checklist")
    if checklist_id:
        _reword(
            cr,
            "kuemmerer_checklist",
            "description",
            checklist_id,
            *CHECKLIST_DESCRIPTION,
        )
    _logger.info(
        "Home visit checklist: %s answers turned round with their questions", turned
    )
