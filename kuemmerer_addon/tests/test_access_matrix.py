# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The access matrix of the security model (readme/CONFIGURE.md), asserted
for every model and role through the ORM. Each cell lists what the role may
do with a record of quarter A: r = read, w = write, c = create, u = unlink;
"-" = nothing."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KuemmererCommon


class _Allowed(Exception):
    """The operation went through (raised to roll back its savepoint)."""


ROLES = (
    "public",
    "portal",
    "portal_volunteer",
    "internal",
    "staff",
    "kuemmerer_b",
    "kuemmerer",
    "manager",
)

# the cells of a row, one column per role of ROLES: public, portal, portal
# volunteer, internal user, staff, the Kümmerer of another quarter, the
# quarter's Kümmerer, manager (coordinator)
# fmt: off
_ROWS = {
    #                                      pub  port pvol int  stf  koth kue  mgr
    "kuemmerer.quarter":                  "-    -    -    -    r    r    r    rwcu",
    "kuemmerer.need.category":            "-    -    -    -    r    r    r    rwcu",
    "kuemmerer.need":                     "-    -    -    -    -    -    rwc  rwcu",
    "kuemmerer.resident":                 "-    -    -    -    -    -    rwc  rwcu",
    "kuemmerer.hint":                     "-    -    -    -    r    -    -    r",
    "kuemmerer.contact":                  "-    -    -    -    -    -    rwcu rwcu",
    "kuemmerer.consent":                  "-    -    -    -    -    -    rwc  rwcu",
    "kuemmerer.trusted.person":           "-    -    -    -    -    -    rwcu rwcu",
    "kuemmerer.service.type":             "-    -    -    -    r    r    r    rwcu",
    "kuemmerer.help.chain.template":      "-    -    -    -    -    r    r    rwcu",
    "kuemmerer.help.chain.template.step": "-    -    -    -    -    r    r    rwcu",
    "kuemmerer.help.chain":               "-    -    -    -    -    -    rwc  rwcu",
    "kuemmerer.help.step":                "-    -    -    -    -    -    rwcu rwcu",
    "kuemmerer.need.goal":                "-    -    -    -    -    -    rwcu rwcu",
    "kuemmerer.access.log":               "-    -    -    -    -    -    -    r",
    "kuemmerer.checklist":                "-    -    -    -    -    r    r    rwcu",
    "kuemmerer.checklist.question":       "-    -    -    -    -    r    r    rwcu",
    "kuemmerer.visit":                    "-    -    -    -    -    -    rwc  rwcu",
    "kuemmerer.visit.answer":             "-    -    -    -    -    -    rwcu rwcu",
    "kuemmerer.skill":                    "-    -    -    -    r    r    r    rwcu",
    "kuemmerer.volunteer.availability":   "-    -    -    -    r    rwcu rwcu rwcu",
    "kuemmerer.shift":                    "-    -    r    -    r    rc   rwcu rwcu",
    "kuemmerer.shift.registration":       "-    -    r    -    r    r    rwcu rwcu",
    # one's own page (the record of the test is the Kümmerer's): everybody who
    # does casework may create theirs, nobody reads another's
    "kuemmerer.day":                      "-    -    -    -    -    c    rc   c",
    "kuemmerer.building":                 "-    -    -    -    r    r    r    rwcu",
    "kuemmerer.need.map":                 "-    -    -    -    -    -    -    r",
    # public hints: created by the public form only (as superuser, after its checks)
    "kuemmerer.intake":                   "-    -    -    -    -    -    rw   rwu",
    "kuemmerer.intake.throttle":          "-    -    -    -    -    -    -    r",
    # tandems: the volunteer reads their own running ones and their visits
    "kuemmerer.programme":                "-    -    -    -    -    r    r    rwcu",
    "kuemmerer.qualification":            "-    -    -    -    -    r    r    rwcu",
    "kuemmerer.volunteer.qualification":  "-    -    -    -    -    rwcu rwcu rwcu",
    "kuemmerer.tandem":                   "-    -    r    -    -    -    rwc  rwcu",
    "kuemmerer.tandem.visit":             "-    -    r    -    -    -    rwcu rwcu",
}
# fmt: on
MATRIX = {model: tuple(row.split()) for model, row in _ROWS.items()}


@tagged("post_install", "-at_install")
class TestAccessMatrix(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_non_volunteer = cls.user_portal_other
        cls.users = {
            "public": cls.env.ref("base.public_user"),
            "portal": cls.portal_non_volunteer,
            "portal_volunteer": cls.user_portal,
            "internal": cls.user_internal,
            "staff": cls.user_staff,
            "kuemmerer_b": cls.user_kuemmerer_b,
            "kuemmerer": cls.user_kuemmerer,
            "manager": cls.user_manager,
        }
        cls.category = cls.env.ref("kuemmerer_addon.need_category_loneliness")
        cls.service_type = cls.env.ref("kuemmerer_addon.service_type_besuchsdienst")
        cls.template = cls.env["kuemmerer.help.chain.template"].create(
            {
                "name": "Matrix",
                "step_ids": [(0, 0, {"name": "Eins", "step_type": "other"})],
            }
        )
        cls.need = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": cls.category.id,
                "user_id": cls.user_manager.id,
            }
        )
        cls.chain = cls.need.action_apply_chain_template(cls.template.id)
        cls.trusted = cls.env["res.partner"].create({"name": "Tochter Althaus"})
        cls.checklist = cls.env["kuemmerer.checklist"].create(
            {
                "name": "Matrix",
                "question_ids": [
                    (0, 0, {"name": "Allein?", "category_id": cls.category.id})
                ],
            }
        )
        cls.visit = cls.env["kuemmerer.visit"].create(
            {
                "partner_id": cls.resident_a.id,
                "user_id": cls.user_manager.id,
                "checklist_id": cls.checklist.id,
            }
        )
        cls.shift = cls.env["kuemmerer.shift"].create(
            {
                "name": "Matrix-Café",
                "quarter_id": cls.quarter_a.id,
                "state": "published",
                "date_begin": "2030-03-04 14:00:00",
                "date_end": "2030-03-04 16:00:00",
            }
        )
        # a question the visit has no answer for yet
        cls.extra_question = cls.env["kuemmerer.checklist.question"].create(
            {
                "checklist_id": cls.checklist.id,
                "name": "Stürze?",
                "category_id": cls.category.id,
            }
        )
        cls.volunteer_partner.volunteer_state = "active"
        cls.tandem = cls.env["kuemmerer.tandem"].create(
            {
                "resident_id": cls.resident_a.id,
                "volunteer_id": cls.volunteer_partner.id,
                "user_id": cls.user_manager.id,
            }
        )
        cls.tandem.with_context(kuemmerer_tandem_state=True).write(
            {"state": "active", "date_start": "2020-01-01"}
        )
        cls.env["kuemmerer.need"].with_user(cls.user_manager).browse(cls.need.ids).read(
            ["description"]
        )
        cls.env.cr.precommit.run()

    def _fixture(self, model):
        """(vals to create a record of quarter A, vals to write)"""
        resident = self.resident_a.id
        return {
            "kuemmerer.quarter": (
                {"name": "Neu", "code": f"NEU{self.env.cr.sql_log_count}"},
                {"name": "Umbenannt"},
            ),
            "kuemmerer.need.category": (
                {"name": "Neu", "code": f"neu{self.env.cr.sql_log_count}"},
                {"color": 3},
            ),
            "kuemmerer.need": (
                {
                    "partner_id": resident,
                    "category_id": self.category.id,
                    "user_id": self.user_manager.id,
                    "source": "staff_hint",
                },
                {"priority": "2"},
            ),
            "kuemmerer.contact": (
                {
                    "partner_id": resident,
                    "channel": "phone",
                    "user_id": self.user_manager.id,
                },
                {"channel": "visit"},
            ),
            "kuemmerer.consent": (
                {"partner_id": resident, "purpose": "photos"},
                {"method": "verbal"},
            ),
            "kuemmerer.resident": (
                {"name": "Neue Bewohnerin", "quarter_id": self.quarter_a.id},
                {"lives_alone": True},
            ),
            "kuemmerer.hint": ({}, {"state": "resolved"}),
            "kuemmerer.trusted.person": (
                {"partner_id": resident, "person_id": self.trusted.id},
                {"relation": "Tochter"},
            ),
            "kuemmerer.service.type": (
                {"name": f"Neu {self.env.cr.sql_log_count}"},
                {"sequence": 3},
            ),
            "kuemmerer.help.chain.template": ({"name": "Neu"}, {"sequence": 3}),
            "kuemmerer.help.chain.template.step": (
                {"template_id": self.template.id, "name": "Neu"},
                {"sequence": 3},
            ),
            "kuemmerer.help.chain": (
                {"need_id": self.need.id, "state": "draft"},
                {"name": "Umbenannt"},
            ),
            "kuemmerer.help.step": (
                {
                    "chain_id": self.chain.id,
                    "name": "Neu",
                    "user_id": self.user_manager.id,
                },
                {"date_deadline": "2030-01-01"},
            ),
            "kuemmerer.need.goal": (
                {"need_id": self.need.id, "name": "Selbst einkaufen"},
                {"date_review": "2030-01-01"},
            ),
            "kuemmerer.access.log": (
                {"res_model": "kuemmerer.need", "res_id": self.need.id},
                {"field_names": "x"},
            ),
            "kuemmerer.checklist": ({"name": "Neu"}, {"name": "Umbenannt"}),
            "kuemmerer.skill": (
                {"name": f"Neu {self.env.cr.sql_log_count}"},
                {"sequence": 3},
            ),
            "kuemmerer.volunteer.availability": (
                {"partner_id": self.volunteer_partner.id, "weekday": "1"},
                {"weekday": "2"},
            ),
            "kuemmerer.shift": (
                {
                    "name": "Café",
                    "quarter_id": self.quarter_a.id,
                    "state": "published",
                    "date_begin": "2030-03-05 14:00:00",
                    "date_end": "2030-03-05 16:00:00",
                },
                {"location": "Ahornweg 5"},
            ),
            "kuemmerer.shift.registration": (
                {"shift_id": self.shift.id, "partner_id": self.volunteer_partner.id},
                {"hours": 1.5},
            ),
            "kuemmerer.day": ({}, {"user_id": self.user_manager.id}),
            "kuemmerer.checklist.question": (
                {
                    "checklist_id": self.checklist.id,
                    "name": "Frage?",
                    "category_id": self.category.id,
                },
                {"sequence": 3},
            ),
            "kuemmerer.visit": (
                {"partner_id": resident, "user_id": self.user_manager.id},
                {"duration": 2.0},
            ),
            "kuemmerer.visit.answer": (
                {"visit_id": self.visit.id, "question_id": self.extra_question.id},
                {"note": "x"},
            ),
            "kuemmerer.building": (
                {
                    "name": f"Haus {self.env.cr.sql_log_count}",
                    "quarter_id": self.quarter_a.id,
                },
                {"city": "Berlin"},
            ),
            "kuemmerer.need.map": ({}, {"need_count": 9}),
            "kuemmerer.intake": (
                {"kind": "help", "quarter_id": self.quarter_a.id, "message": "Hilfe"},
                {"category_id": self.category.id},
            ),
            "kuemmerer.intake.throttle": (
                {
                    "key": f"k{self.env.cr.sql_log_count}",
                    "hour": "2030-01-01 10:00:00",
                    "count": 1,
                },
                {"count": 2},
            ),
            "kuemmerer.programme": ({"name": "Neu", "code": "other"}, {"min_age": 65}),
            "kuemmerer.qualification": ({"name": "Neu"}, {"validity_months": 12}),
            "kuemmerer.volunteer.qualification": (
                {
                    "partner_id": self.volunteer_partner.id,
                    "qualification_id": self.env.ref(
                        "kuemmerer_addon.qualification_first_aid"
                    ).id,
                },
                {"date": "2025-01-01"},
            ),
            "kuemmerer.tandem": (
                {
                    "resident_id": resident,
                    "volunteer_id": self.volunteer_partner.id,
                    "user_id": self.user_manager.id,
                },
                {"hours_month_max": 10},
            ),
            "kuemmerer.tandem.visit": (
                {"tandem_id": self.tandem.id, "date": "2025-03-04", "hours": 1.5},
                {"km": 3},
            ),
        }[model]

    def _record(self, model):
        create_vals, _write_vals = self._fixture(model)
        if model in ("kuemmerer.access.log", "kuemmerer.need.map"):
            return self.env[model].sudo().search([], limit=1)
        if model == "kuemmerer.hint":
            need = (
                self.env["kuemmerer.need"]
                .sudo()
                .create(
                    {
                        "partner_id": self.resident_a.id,
                        "category_id": self.category.id,
                        "source": "staff_hint",
                        "reported_by_id": self.user_staff.id,
                    }
                )
            )
            return self.env[model].browse(need.id)
        if model == "kuemmerer.consent":
            self.env[model].search(
                [("partner_id", "=", self.resident_a.id), ("purpose", "=", "photos")]
            ).unlink()
        if model == "kuemmerer.day":
            return self.env[model].sudo().create({"user_id": self.user_kuemmerer.id})
        if model == "kuemmerer.programme":
            return self.env.ref("kuemmerer_addon.programme_other")
        if model == "kuemmerer.tandem":
            return self.tandem
        return self.env[model].sudo().create(create_vals)

    def _allowed(self, user, model, operation):
        create_vals, write_vals = self._fixture(model)
        try:
            with self.env.cr.savepoint():
                record = self._record(model)
                if operation == "r":
                    record.with_user(user).read(["display_name"])
                    self.env[model].with_user(user).search(
                        [("id", "=", record.id)]
                    ).ensure_one()
                elif operation == "w":
                    record.with_user(user).write(write_vals)
                    record.invalidate_recordset()
                elif operation == "c":
                    if model in (
                        "kuemmerer.consent",
                        "kuemmerer.visit.answer",
                        "kuemmerer.shift.registration",
                        "kuemmerer.day",
                        "kuemmerer.programme",
                    ):
                        record.unlink()  # one record per key: make room
                    if model in ("kuemmerer.hint", "kuemmerer.need.map"):
                        self.env[model].with_user(user).check_access("create")
                    self.env[model].with_user(user).create(create_vals)
                elif operation == "u" and model == "kuemmerer.shift":
                    # a published shift is cancelled, never deleted (business
                    # rule): ask the access check alone
                    record.with_user(user).check_access("unlink")
                elif operation == "u":
                    record.with_user(user).unlink()
                self.env.flush_all()
                raise _Allowed  # roll the savepoint back: every check starts clean
        except _Allowed:
            return True
        except (AccessError, UserError):
            # refused by the access rights and rules, or by the check that a
            # Kümmerer records casework only for the residents they look after
            return False
        except ValueError:
            # ensure_one() on an empty search: the record rules hide it
            return False

    def test_access_matrix(self):
        for model, cells in MATRIX.items():
            for role, cell in zip(ROLES, cells, strict=False):
                user = self.users[role]
                for operation in "rwcu":
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self._allowed(user, model, operation),
                            operation in cell,
                            f"{role} may {operation} {model}: "
                            f"expected {operation in cell}",
                        )

    def test_matrix_covers_every_model_of_the_addon(self):
        models = self.env["ir.model"].search(
            [("modules", "ilike", "kuemmerer_addon"), ("transient", "=", False)]
        )
        own = {
            m.model
            for m in models
            if m.model.startswith("kuemmerer.") and not self.env[m.model]._abstract
        }
        self.assertEqual(
            own - set(MATRIX), set(), "models without a row in the access matrix"
        )

    def test_matrix_documented(self):
        from pathlib import Path

        configure = (
            Path(__file__).resolve().parent.parent / "readme" / "CONFIGURE.md"
        ).read_text()
        for model in MATRIX:
            self.assertIn(f"`{model}`", configure)
