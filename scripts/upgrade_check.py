# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upgrade check of `make test`: does the data of the last release survive
``-u kuemmerer_addon`` with the working tree's addon?

Run by scripts/test.sh, with the PG* variables of scripts/common.sh, on a
database where the release (RELEASE_COMMIT) was installed with demo data:

    upgrade_check.py before DB SNAPSHOT.json RELEASE_ADDON_DIR
        makes the demo records user data (see below) and writes the snapshot
    (scripts/test.sh then runs ``-u kuemmerer_addon`` with the working tree)
    upgrade_check.py after DB SNAPSHOT.json UPGRADE_MAPPING.toml
        compares; exit status 1 and one line per difference when data was lost

Plain SQL through psycopg2 on the tables, with the field metadata of
``ir_model_fields``: no Odoo registry is loaded, so both steps take a second.

What is snapshotted: every model of the addon that has a table (own models,
no wizards or SQL views), all ids and a sample (every record, up to
``SAMPLE`` per model, spread over the ids) of every stored field; and on the
models the addon extends (res.partner, calendar.event, ...), the stored
fields the addon adds, on the same kind of sample.

What is compared after the update:

- every record of the release is still there (by id) and the count per model
  is equal, except for records the update created with an xml id of the
  addon (new shipped data such as a new category);
- every sampled value is equal, field by field (``write_date``/``write_uid``
  excepted), unless UPGRADE_MAPPING.toml declares the field moved (then the
  value is looked for on the new model), dropped, or changed;
- a field or model of the release that is gone must be declared there.

Demo records stand in for a cooperative's own records: before the update
their xml ids are set ``noupdate`` and the module's demo flag is cleared, as
on a production database (otherwise ``-u`` reloads the demo files, overwrites
the records and runs their ``<function>`` calls again). Records of the
addon's data files (xml ids without ``noupdate``) are reloaded from the
working tree by design: for them only their survival is checked.
"""

import ast
import csv
import json
import os
import sys
from xml.etree import ElementTree

import psycopg2
import tomllib

MODULE = "kuemmerer_addon"
SAMPLE = 300
# bumped by every write, including the update's own
IGNORED = {"write_date", "write_uid"}


def connect(dbname):
    return psycopg2.connect(dbname=dbname)


def split_field(dotted):
    model, _sep, field = dotted.rpartition(".")
    if not model or not field:
        raise SystemExit(f"UPGRADE_MAPPING.toml: {dotted!r} is not model.field")
    return model, field


# ------------------------------------------------------------
# METADATA
# ------------------------------------------------------------


def own_models(cr):
    """Models the addon defines (not those it extends: every module that
    inherits a model gets an xml id for it) with a table of their own."""
    cr.execute(
        """SELECT m.model FROM ir_model m
             JOIN ir_model_data d
               ON d.model = 'ir.model' AND d.res_id = m.id AND d.module = %s
            WHERE NOT m.transient AND m.model LIKE 'kuemmerer.%%' ORDER BY m.model""",
        [MODULE],
    )
    return [
        model for (model,) in cr.fetchall() if table_kind(cr, table_of(model)) == "r"
    ]


def table_of(model):
    return model.replace(".", "_")


def table_kind(cr, table):
    cr.execute(
        "SELECT relkind FROM pg_class WHERE relname = %s AND relkind IN ('r', 'v', "
        "'m')",
        [table],
    )
    row = cr.fetchone()
    return row and row[0]


def columns_of(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        [table],
    )
    return {name for (name,) in cr.fetchall()}


def stored_fields(cr, model, only_ours=False):
    """{name: (ttype, relation_table, column1, column2)} of the stored fields."""
    columns = columns_of(cr, table_of(model))
    query = """SELECT f.name, f.ttype, f.relation_table, f.column1, f.column2
                 FROM ir_model_fields f
                WHERE f.model = %s AND f.store"""
    params = [model]
    if only_ours:
        query += """ AND EXISTS (SELECT 1 FROM ir_model_data d
                                  WHERE d.model = 'ir.model.fields'
                                    AND d.res_id = f.id AND d.module = %s)"""
        params.append(MODULE)
    cr.execute(query, params)
    fields = {}
    for name, ttype, rel, col1, col2 in cr.fetchall():
        if name in IGNORED or ttype == "one2many":
            continue
        if ttype == "many2many":
            if rel and col1 and col2:
                fields[name] = (ttype, rel, col1, col2)
        elif name in columns:  # binary fields in attachments have no column
            fields[name] = (ttype, None, None, None)
    return fields


def extended_models(cr, own):
    """Models of other apps to which the addon adds stored fields."""
    cr.execute(
        """SELECT DISTINCT f.model FROM ir_model_fields f
             JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
                                  AND d.module = %s
             JOIN ir_model m ON m.id = f.model_id
            WHERE f.store AND NOT m.transient ORDER BY f.model""",
        [MODULE],
    )
    return [
        model
        for (model,) in cr.fetchall()
        if model not in own and table_kind(cr, table_of(model)) == "r"
    ]


# ------------------------------------------------------------
# VALUES
# ------------------------------------------------------------


def normalize(ttype, value):
    if ttype == "boolean":
        return bool(value)
    if ttype == "many2many":
        return sorted(value or [])
    if value is None:
        return None
    if ttype in ("date", "datetime"):
        return value.isoformat()
    if ttype in ("float", "monetary"):
        return float(value)
    if isinstance(value, memoryview):
        return bytes(value).hex()
    # json round trip: jsonb (translations, properties) and the rest as text
    return json.loads(json.dumps(value, default=str))


def read_values(cr, model, fields, ids, key="id", where=None):
    """{key value: {field: value}} for the rows whose `key` is in ids (and
    that meet the SQL condition `where`, from UPGRADE_MAPPING.toml)."""
    if not ids or not fields:
        return {}
    table = table_of(model)
    plain = [name for name, spec in fields.items() if spec[0] != "many2many"]
    cr.execute(
        'SELECT "{}" AS k, {} FROM "{}" WHERE "{}" = ANY(%s){}'.format(
            key,
            ", ".join(f'"{name}"' for name in plain) or "1",
            table,
            key,
            f" AND ({where})" if where else "",
        ),
        [list(ids)],
    )
    rows = {}
    for row in cr.fetchall():
        values = {
            name: normalize(fields[name][0], value)
            for name, value in zip(plain, row[1:], strict=False)
        }
        rows.setdefault(row[0], values)
    for name, (ttype, rel, col1, col2) in fields.items():
        if ttype != "many2many":
            continue
        if key == "id":
            cr.execute(
                f'SELECT "{col1}", "{col2}" FROM "{rel}" WHERE "{col1}" = ANY(%s)',
                [list(ids)],
            )
        else:
            cr.execute(
                f'SELECT t."{key}", r."{col2}" FROM "{table}" t'
                f' JOIN "{rel}" r ON r."{col1}" = t.id'
                f' WHERE t."{key}" = ANY(%s)',
                [list(ids)],
            )
        related = {}
        for record_id, other_id in cr.fetchall():
            related.setdefault(record_id, []).append(other_id)
        for record_id, values in rows.items():
            values[name] = normalize(ttype, related.get(record_id))
    return rows


def sample_ids(ids):
    if len(ids) <= SAMPLE:
        return list(ids)
    step = len(ids) / SAMPLE
    return [ids[int(i * step)] for i in range(SAMPLE)]


# ------------------------------------------------------------
# BEFORE
# ------------------------------------------------------------


def demo_xmlids(addon_dir):
    """Names of the xml ids the release's demo files define (own module only)."""
    with open(
        os.path.join(addon_dir, "__manifest__.py"), encoding="utf-8"
    ) as manifest_file:
        manifest = ast.literal_eval(manifest_file.read())
    names = set()
    for path in manifest.get("demo", []):
        full = os.path.join(addon_dir, path)
        if path.endswith(".csv"):
            with open(full, encoding="utf-8") as csv_file:
                names.update(
                    row["id"] for row in csv.DictReader(csv_file) if row.get("id")
                )
            continue
        for node in ElementTree.parse(full).iter():
            if node.tag in ("record", "template", "menuitem") and node.get("id"):
                names.add(node.get("id"))
    return {name for name in names if "." not in name} | {
        name.split(".", 1)[1] for name in names if name.startswith(MODULE + ".")
    }


def before(dbname, out, addon_dir):
    with connect(dbname) as conn, conn.cursor() as cr:
        demo = demo_xmlids(addon_dir)
        # the demo records become the cooperative's own records
        cr.execute(
            "UPDATE ir_model_data SET noupdate = true WHERE module = %s AND name = "
            "ANY(%s)",
            [MODULE, sorted(demo)],
        )
        cr.execute("UPDATE ir_module_module SET demo = false WHERE name = %s", [MODULE])
        own = own_models(cr)
        snapshot = {"models": {}}
        for model in own + extended_models(cr, own):
            is_own = model in own
            fields = stored_fields(cr, model, only_ours=not is_own)
            cr.execute(f'SELECT id FROM "{table_of(model)}" ORDER BY id')
            ids = [record_id for (record_id,) in cr.fetchall()]
            # records of the addon's data files are reloaded from the working tree
            cr.execute(
                """SELECT res_id FROM ir_model_data
                    WHERE model = %s AND module = %s
                      AND NOT COALESCE(noupdate, false)""",
                [model, MODULE],
            )
            shipped = {res_id for (res_id,) in cr.fetchall()}
            sample = [
                record_id for record_id in sample_ids(ids) if record_id not in shipped
            ]
            snapshot["models"][model] = {
                "own": is_own,
                "ids": ids,
                "fields": {name: spec[0] for name, spec in fields.items()},
                "values": {
                    str(record_id): values
                    for record_id, values in read_values(
                        cr, model, fields, sample
                    ).items()
                },
            }
    with open(out, "w", encoding="utf-8") as out_file:
        json.dump(snapshot, out_file)
    total = sum(len(m["ids"]) for m in snapshot["models"].values())
    sampled = sum(len(m["values"]) for m in snapshot["models"].values())
    print(
        "upgrade check: snapshot of {} models, {} records, {} sampled".format(
            len(snapshot["models"]), total, sampled
        )
    )


# ------------------------------------------------------------
# AFTER
# ------------------------------------------------------------


def load_mapping(path):
    with open(path, "rb") as mapping_file:
        data = tomllib.load(mapping_file)
    moved, dropped_fields, dropped_models, changed_fields, changed_models = (
        {},
        set(),
        set(),
        set(),
        set(),
    )
    for entry in data.get("moved", []):
        old_model, old_field = split_field(entry["from"])
        new_model, new_field = split_field(entry["to"])
        if bool(entry.get("link")) == bool(entry.get("old_link")):
            raise SystemExit(
                "UPGRADE_MAPPING.toml: {} needs link or old_link".format(entry["from"])
            )
        moved[(old_model, old_field)] = (
            new_model,
            new_field,
            entry.get("link"),
            entry.get("old_link"),
            entry.get("where"),
        )
    for section, fields, models in (
        ("dropped", dropped_fields, dropped_models),
        ("changed", changed_fields, changed_models),
    ):
        for entry in data.get(section, []):
            if not entry.get("reason"):
                raise SystemExit(
                    f"UPGRADE_MAPPING.toml: [[{section}]] entries need a reason"
                )
            if "field" in entry:
                fields.add(split_field(entry["field"]))
            else:
                models.add(entry["model"])
    return moved, dropped_fields, dropped_models, changed_fields, changed_models


def after(dbname, snapshot_path, mapping_path):
    with open(snapshot_path, encoding="utf-8") as snapshot_file:
        snapshot = json.load(snapshot_file)
    mapping = load_mapping(mapping_path)
    _moved, _dropped, dropped_models, _changed, changed_models = mapping
    problems = []
    compared = 0
    with connect(dbname) as conn, conn.cursor() as cr:
        cr.execute("SELECT model FROM ir_model")
        models_now = {model for (model,) in cr.fetchall()}
        for model, before_data in snapshot["models"].items():
            if model in dropped_models:
                continue
            if model not in models_now or table_kind(cr, table_of(model)) != "r":
                problems.append(
                    f"model {model} is gone (declare it in UPGRADE_MAPPING.toml)"
                )
                continue
            problems += check_records(cr, model, before_data, changed_models)
            compared += check_values(cr, model, before_data, mapping, problems)
    return report(problems, len(snapshot["models"]), compared)


def check_records(cr, model, before_data, changed_models):
    """Every record survives; counts equal but for new shipped data."""
    problems = []
    cr.execute(f'SELECT id FROM "{table_of(model)}"')
    ids_now = {record_id for (record_id,) in cr.fetchall()}
    lost = sorted(set(before_data["ids"]) - ids_now)
    if lost:
        problems.append(
            "{}: {} of {} records lost, e.g. ids {}".format(
                model, len(lost), len(before_data["ids"]), lost[:10]
            )
        )
    new = ids_now - set(before_data["ids"])
    if new and model not in changed_models:
        cr.execute(
            "SELECT res_id FROM ir_model_data"
            " WHERE model = %s AND module = %s AND res_id = ANY(%s)",
            [model, MODULE, sorted(new)],
        )
        unexplained = sorted(new - {res_id for (res_id,) in cr.fetchall()})
        if unexplained:
            problems.append(
                "{}: {} records before, {} after: {} new without an xml id, "
                "e.g. ids {}".format(
                    model,
                    len(before_data["ids"]),
                    len(ids_now),
                    len(unexplained),
                    unexplained[:10],
                )
            )
    return problems


def fields_of_now(cr, model, before_data):
    """The stored fields of the model now (name: spec)."""
    fields_now = stored_fields(cr, model, only_ours=not before_data["own"])
    if not before_data["own"]:
        # a field the addon gave to another app's model may now be the app's own
        all_now = stored_fields(cr, model)
        fields_now.update(
            {
                name: spec
                for name, spec in all_now.items()
                if name in before_data["fields"]
            }
        )
    return fields_now


def check_values(cr, model, before_data, mapping, problems):
    """Sampled values, field by field; appends to problems, returns how many
    values were compared."""
    moved, dropped_fields, _dropped_models, changed_fields, _changed = mapping
    fields_now = fields_of_now(cr, model, before_data)
    sample = {
        int(record_id): values for record_id, values in before_data["values"].items()
    }
    compared = 0
    same_place = {}
    for name, ttype in before_data["fields"].items():
        key = (model, name)
        if key in moved:
            problems += compare_moved(cr, model, name, ttype, sample, moved[key])
            compared += len(sample)
        elif key in dropped_fields or key in changed_fields:
            continue
        elif name not in fields_now:
            problems.append(
                f"field {model}.{name} is gone (declare it moved or dropped in "
                "UPGRADE_MAPPING.toml)"
            )
        elif fields_now[name][0] != ttype:
            problems.append(
                f"field {model}.{name} changed its type from {ttype} to "
                f"{fields_now[name][0]} (declare it changed)"
            )
        else:
            same_place[name] = fields_now[name]
    rows = read_values(cr, model, same_place, sample)
    for record_id, values_before in sample.items():
        values_now = rows.get(record_id)
        if values_now is None:
            continue  # reported as lost above
        for name in same_place:
            compared += 1
            if values_before[name] != values_now[name]:
                problems.append(
                    f"{model}({record_id}).{name}: {short(values_before[name])!r} "
                    f"before, {short(values_now[name])!r} after"
                )
    return compared


def report(problems, models, compared):
    if problems:
        print(
            f"upgrade check: {len(problems)} differences after -u {MODULE}:",
            file=sys.stderr,
        )
        for line in problems[:60]:
            print("  " + line, file=sys.stderr)
        if len(problems) > 60:
            print("  ... and %s more" % (len(problems) - 60), file=sys.stderr)
        return 1
    print(
        f"upgrade check: {models} models, every record kept, "
        f"{compared} sampled values equal"
    )
    return 0


def compare_moved(cr, model, name, ttype, sample, target):
    new_model, new_field, link, old_link, where = target
    cr.execute(
        "SELECT ttype, relation_table, column1, column2 FROM ir_model_fields"
        " WHERE model = %s AND name = %s AND store",
        [new_model, new_field],
    )
    spec = cr.fetchone()
    if not spec:
        return [f"moved field {model}.{name} not found on {new_model}"]
    fields = {new_field: tuple(spec)}
    problems = []
    if link:  # new_model.link points at the old record
        found = read_values(cr, new_model, fields, list(sample), key=link, where=where)
        values_now = {
            record_id: values[new_field] for record_id, values in found.items()
        }
    else:  # old_model.old_link (after the update) points at the new record
        cr.execute(
            f'SELECT id, "{old_link}" FROM "{table_of(model)}" WHERE id = ANY(%s)',
            [list(sample)],
        )
        pointers = {record_id: new_id for record_id, new_id in cr.fetchall() if new_id}
        found = read_values(cr, new_model, fields, list(pointers.values()))
        values_now = {
            record_id: found[new_id][new_field]
            for record_id, new_id in pointers.items()
            if new_id in found
        }
    empty = normalize(ttype, None)
    for record_id, values_before in sample.items():
        value_before = values_before[name]
        if record_id not in values_now:
            if value_before not in (empty, None, False, "", []):
                problems.append(
                    f"{model}({record_id}).{name} = {short(value_before)!r} moved "
                    f"to {new_model}.{new_field}: no record there"
                )
        elif values_now[record_id] != value_before and not (
            value_before in (None, False) and values_now[record_id] in (None, False)
        ):
            problems.append(
                f"{model}({record_id}).{name} = {short(value_before)!r} moved to "
                f"{new_model}.{new_field} = {short(values_now[record_id])!r}"
            )
    return problems


def short(value):
    text = repr(value)
    return value if len(text) <= 80 else text[:77] + "..."


def main(argv):
    if len(argv) == 5 and argv[1] == "before":
        before(argv[2], argv[3], argv[4])
        return 0
    if len(argv) == 5 and argv[1] == "after":
        return after(argv[2], argv[3], argv[4])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
