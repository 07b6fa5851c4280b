# Run with: odoo shell -c <conf> -d <db> --no-http < scripts/benchmark_import.py
# Imports 20,000 residents through base_import into their case files
# (kuemmerer.resident, as the import dialog of the residents menu does), then
# re-imports them (updates), prints the durations and rolls back.
import sys
import time


def main(env):
    """Import, re-import and re-import changed; print the durations."""
    # the quarter the rows name by its code
    env["kuemmerer.quarter"].create({"name": "Benchmark", "code": "BENCH"})
    lines = [
        "Mieternummer;Name;Straße;PLZ;Ort;Wohnung;Quartier;Telefon;E-Mail;"
        "Geburtsdatum;Lebt allein"
    ]
    for i in range(20000):
        lines.append(
            "B%05d;Bewohner %d;Lindenstraße %d;12345;Musterstadt;%d. OG;BENCH;0123 "
            "%d;b%d@example.org;%02d.%02d.19%02d;%s"
            % (
                i,
                i,
                i % 200,
                i % 5,
                i,
                i,
                1 + i % 28,
                1 + i % 12,
                20 + i % 60,
                "ja" if i % 3 else "nein",
            )
        )
    content = ("\n".join(lines) + "\n").encode()
    fields = [
        "tenant_number",
        "name",
        "street",
        "zip",
        "city",
        "flat_number",
        "quarter_id",
        "phone",
        "email",
        "birthdate",
        "lives_alone",
    ]
    options = {
        "separator": ";",
        "quoting": '"',
        "encoding": "utf-8",
        "has_headers": True,
        "date_format": "%d.%m.%Y",
        "datetime_format": "",
        "float_thousand_separator": ".",
        "float_decimal_separator": ",",
        "fields": [],
    }
    changed = content.replace("Lindenstraße".encode(), b"Birkenweg")
    for label, data in (
        ("create", content),
        ("re-import unchanged", content),
        ("re-import, every row changed", changed),
    ):
        wizard = env["base_import.import"].create(
            {
                "res_model": "kuemmerer.resident",
                "file": data,
                "file_type": "text/csv",
                "file_name": "bench.csv",
            }
        )
        start = time.time()
        result = wizard.with_context(tracking_disable=True).execute_import(
            fields, lines[0].split(";"), dict(options)
        )
        env.flush_all()
        elapsed = time.time() - start
        print(
            "BENCHMARK %s: %d rows imported, %d messages, %.1f s"
            % (label, len(result["ids"] or []), len(result["messages"]), elapsed)
        )
    print(
        "BENCHMARK case files with tenant number B*:",
        env["kuemmerer.resident"].search_count(
            [("tenant_number", "=like", "B%"), ("is_resident", "=", True)]
        ),
    )
    env.cr.rollback()


if __name__ == "__main__":
    # `odoo shell` runs this file as __main__ with its environment in `env`
    shell_env = globals().get("env")
    if shell_env is None:
        sys.exit("Run with: odoo shell -c <conf> -d <db> --no-http < " + sys.argv[0])
    main(shell_env)
