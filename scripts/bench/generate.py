# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fictional German city-wide data set for the benchmark (issue 9).

    python scripts/bench/generate.py -c odoo.conf -d kuemmerer_bench_medium \\
        --size medium

Runs against a database with kuemmerer_addon installed (without demo data).
Small configuration records (users, quarters) go through the ORM; the bulk
(partners, contacts, needs, chains, steps, their activities) is inserted with
multi-row INSERTs, and every stored computed or related field the inserts
bypass is then set in bulk with SQL:

- res.partner: complete_name, commercial_partner_id, commercial_company_name,
  partner_share, email_normalized, phone_sanitized, contact_interval_days,
  last_contact_date, next_contact_date (company_registry, user_id, image_*
  stay empty, as the ORM leaves them for partners without parent and image);
- kuemmerer.resident, the case file every resident partner has (the ORM
  makes it with the partner): the care data (birthdate, lives_alone,
  mobility, preferred_language, reach_by, reach_note) in the same INSERT, and
  attention_level, attention_contact_overdue, radar_watch, radar_due_date;
- kuemmerer.contact.quarter_id; kuemmerer.need.quarter_id;
- kuemmerer.help.chain partner_id, quarter_id, user_id, company_id;
- kuemmerer.help.step need_id, partner_id, quarter_id, company_id;
- mail.activity res_model, res_name, user_tz (date_done stays empty: open);
- kuemmerer.shift seats_taken, seats_available (from the inserted registrations);
- kuemmerer.shift.registration hours, date_begin, quarter_id, user_id, company_id.

The inserted shifts have no calendar event (the ORM creates one on
publishing). The first 21 volunteers, all in the first quarter, get portal
users (volunteerNN@bench.example, password "bench") for the HTTP measurements,
and one shift published through the ORM (with its calendar event, so that a
sign-up invites as in real use) with one free seat (id in
ir.config_parameter kuemmerer_bench.signup_shift_id). Volunteer 00 has the
same shifts and tasks at every size (item 5 compares the sizes).

Finally the two daily crons run through the ORM until nothing is left, so the
database is in the state of "the morning after": every overdue resident has
its radar activity and every overdue step is escalated.
"""

import argparse
import logging
import random
import sys
import time
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from psycopg2.extras import execute_values

SIZES = {
    # residents, quarters, contacts, needs, steps, volunteers, providers,
    # kuemmerer users
    "small": dict(
        residents=500,
        quarters=5,
        contacts=3000,
        needs=400,
        steps=1200,
        volunteers=25,
        providers=10,
        users=3,
        shifts=50,
        registrations=200,
    ),
    "medium": dict(
        residents=5000,
        quarters=10,
        contacts=30000,
        needs=2000,
        steps=6000,
        volunteers=200,
        providers=50,
        users=6,
        shifts=500,
        registrations=2000,
    ),
    "large": dict(
        residents=50000,
        quarters=100,
        contacts=300000,
        needs=20000,
        steps=60000,
        volunteers=2000,
        providers=500,
        users=40,
        shifts=5000,
        registrations=20000,
    ),
}

# volunteers with a portal login (volunteerNN@bench.example / bench), all in the
# first quarter
PORTAL_USERS = 21
# the first shifts, in the first quarter, the same at every size (volunteer 00's)
FIXED_SHIFTS = 8
# volunteer 00's tandems, the same at every size
FIXED_TANDEMS = 3

FIRST = (
    "Anna Bernd Christa Dieter Elfriede Friedrich Gerda Günter Hannelore Heinz Ilse "
    "Jürgen "
    "Karin Klaus Lieselotte Manfred Margarete Norbert Olga Peter Renate Rolf Sabine "
    "Siegfried "
    "Ursula Uwe Waltraud Werner Helga Horst Brigitte Wolfgang Monika Hans Erika "
    "Gerhard Ingrid "
    "Dieter Gisela Karl-Heinz Ayşe Mehmet Fatma Ali Irina Sergej Natalia Wladimir "
    "Agnieszka Piotr"
).split()
LAST = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
    "Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
    "Hofmann Hartmann "
    "Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler "
    "Herrmann König "
    "Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Yılmaz "
    "Kaya Öztürk "
    "Iwanow Petrow Nowak Kowalski"
).split()
STREETS = (
    "Lindenstraße Ahornweg Am Stadtpark Birkenallee Gartenstraße Schillerstraße "
    "Goethestraße "
    "Bahnhofstraße Hauptstraße Kirchplatz Mühlenweg Rosenstraße Eichendorffweg "
    "Friedensstraße "
    "Am Anger Hafenstraße Wiesenweg Sonnenhang Tulpenweg Buchenring"
).split(" ")
DISTRICTS = (
    "Nordstadt Südstadt Weststadt Oststadt Altstadt Lindenhof Rosenhöhe Am Hafen "
    "Gartenstadt "
    "Bergviertel Neue Mitte Schlossberg Wiesengrund Eichenkamp Mühlental Auenviertel "
    "Sonnenhang "
    "Kirchfeld Brunnenviertel Parkviertel"
).split(" ")
SUMMARIES = (
    "Kurzes Gespräch im Treppenhaus, alles in Ordnung.",
    "Telefonat: fühlt sich einsam, möchte zum Nachbarschaftstreffen.",
    "Hausbesuch: Wohnung aufgeräumt, braucht Hilfe beim Einkaufen.",
    "Sprechstunde: Fragen zum Wohngeldantrag.",
    "Nachbarin berichtet, dass der Briefkasten überquillt.",
    "Beim Sommerfest getroffen, gute Stimmung.",
)
CHANNELS = ("visit", "phone", "office_hours", "event", "neighbour_hint", "other")
CHANNEL_WEIGHTS = (25, 35, 15, 10, 10, 5)
LANGUAGES = ("Deutsch", "Russisch", "Türkisch", "Polnisch", "Arabisch", "Englisch")
LANGUAGE_WEIGHTS = (80, 7, 6, 4, 2, 1)
REACH_NOTES = (
    "Klingelt man zweimal, öffnet sie.",
    "Schwerhörig: bitte laut klingeln.",
    "Nur vormittags erreichbar.",
    "Die Tochter ruft zurück.",
    "Am besten über die Nachbarin von gegenüber.",
)
PROVIDER_KINDS = (
    "Pflegedienst",
    "Sozialstation",
    "Beratungsstelle",
    "Besuchsdienst",
    "Seniorenberatung",
    "Mobiler Mittagstisch",
    "Fahrdienst",
    "Schuldnerberatung",
)

_logger = logging.getLogger("kuemmerer.bench.generate")


def log(msg, *args):
    print("  [generate] " + (msg % args if args else msg), flush=True)


def insert(cr, table, columns, rows, returning=False, page_size=2000):
    """Multi-row INSERT of ``rows`` (tuples in ``columns`` order); the ids when
    ``returning``."""
    if not rows:
        return []
    query = 'INSERT INTO "{}" ({}) VALUES %s{}'.format(
        table,
        ", ".join(f'"{c}"' for c in columns),
        " RETURNING id" if returning else "",
    )
    result = execute_values(cr._obj, query, rows, page_size=page_size, fetch=returning)
    return [row[0] for row in result] if returning else []


def check_case_files(env, sample=500):
    """The stored computed fields of the case files as set by SQL must be
    what the ORM computes: recompute a sample through the ORM and compare."""
    cr = env.cr
    query = """SELECT id, attention_level, attention_contact_overdue, radar_watch,
                      radar_due_date
                 FROM kuemmerer_resident ORDER BY md5(id::text) LIMIT %s"""
    cr.execute(query, [sample])
    before = cr.fetchall()
    Resident = env["kuemmerer.resident"]
    records = Resident.browse([row[0] for row in before])
    names = (
        "attention_level",
        "attention_contact_overdue",
        "radar_watch",
        "radar_due_date",
    )
    for fname in names:
        env.add_to_compute(Resident._fields[fname], records)
    records.flush_recordset(list(names))
    cr.execute(query, [sample])
    after = cr.fetchall()
    wrong = [(b, a) for b, a in zip(before, after, strict=False) if b != a]
    if wrong:
        raise RuntimeError(
            f"case files set by SQL differ from the ORM (SQL, ORM): {wrong[:5]}"
        )


def generate(env, size, seed=9):
    conf = SIZES[size]
    rnd = random.Random(seed)
    cr = env.cr
    today = date.today()
    now = datetime.now().replace(microsecond=0)
    company_id = env.company.id
    germany = env.ref("base.de").id
    t0 = time.time()
    stamp = (1, now, 1, now)  # create_uid, create_date, write_uid, write_date
    AUDIT = ("create_uid", "create_date", "write_uid", "write_date")
    g = SimpleNamespace(
        env=env,
        size=size,
        seed=seed,
        AUDIT=AUDIT,
        company_id=company_id,
        conf=conf,
        cr=cr,
        germany=germany,
        now=now,
        rnd=rnd,
        stamp=stamp,
        t0=t0,
        today=today,
    )
    _gen_users_quarters(g)
    _gen_partners(g)
    _gen_provider_services(g)
    _gen_contacts(g)
    _gen_needs(g)
    _gen_chains(g)
    _gen_volunteer_tasks(g)
    _gen_step_activities(g)
    _gen_shifts(g)
    _gen_recompute(g)
    _gen_crons(g)
    return _gen_portal(g)


def _gen_users_quarters(g):
    """Users and quarters."""
    conf = g.conf
    env = g.env
    rnd = g.rnd
    t0 = g.t0
    # -- users and quarters (ORM: few records with groups and rules) ---------
    group_user = env.ref("kuemmerer_addon.group_kuemmerer_user")
    group_manager = env.ref("kuemmerer_addon.group_kuemmerer_manager")
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    users = Users.create(
        [
            {
                "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)} (Kümmerer)",
                "login": "kuemmerer%03d@bench.example" % i,
                "email": "kuemmerer%03d@bench.example" % i,
                "password": "bench",
                "groups_id": [(6, 0, [group_user.id])],
                "tz": "Europe/Berlin",
                "lang": "de_DE" if env["res.lang"]._lang_get("de_DE") else "en_US",
            }
            for i in range(conf["users"])
        ]
    )
    managers = Users.create(
        [
            {
                "name": f"Koordination {i}",
                "login": "koordination%02d@bench.example" % i,
                "email": "koordination%02d@bench.example" % i,
                "password": "bench",
                "groups_id": [(6, 0, [group_manager.id])],
                "tz": "Europe/Berlin",
            }
            for i in range(max(1, conf["quarters"] // 20))
        ]
    )
    quarter_vals = []
    for i in range(conf["quarters"]):
        base = DISTRICTS[i % len(DISTRICTS)]
        name = (
            base
            if i < len(DISTRICTS)
            else "{} {}".format(base, "IVX"[0] * 0 + str(i // len(DISTRICTS) + 1))
        )
        quarter_vals.append(
            {
                "name": name,
                "code": "Q%03d" % i,
                "user_ids": [(6, 0, [users[i % len(users)].id])],
                "manager_id": managers[i % len(managers)].id,
                "contact_interval_days": rnd.choice((30, 60, 60, 90, 90, 0))
                if i
                else 60,
                "visit_min_age": 75,
            }
        )
    quarters = env["kuemmerer.quarter"].create(quarter_vals)
    q_interval = {q.id: q.contact_interval_days for q in quarters}
    q_user = {q.id: q.user_ids[:1].id for q in quarters}
    env.flush_all()
    log(
        "users %s, quarters %s (%.1fs)",
        len(users) + len(managers),
        len(quarters),
        time.time() - t0,
    )
    g.q_interval = q_interval
    g.q_user = q_user
    g.quarters = quarters


def _gen_partners(g):
    """Partners, one case file per resident."""
    AUDIT = g.AUDIT
    conf = g.conf
    cr = g.cr
    germany = g.germany
    q_interval = g.q_interval
    q_user = g.q_user
    quarters = g.quarters
    rnd = g.rnd
    seed = g.seed
    stamp = g.stamp
    t0 = g.t0
    today = g.today
    # -- partners ----------------------------------------------------------
    pcols = (
        "name",
        "complete_name",
        "type",
        "active",
        "is_company",
        "lang",
        "tz",
        "street",
        "zip",
        "city",
        "country_id",
        "phone",
        "phone_sanitized",
        "email",
        "email_normalized",
        "is_resident",
        "is_volunteer",
        "is_provider",
        "quarter_id",
        "kuemmerer_user_id",
        "contact_interval_use_quarter",
        "contact_interval_own_days",
        "contact_interval_days",
        "partner_share",
        "commercial_company_name",
        "provider_note",
        *AUDIT,
    )
    quarter_ids = quarters.ids
    # the residents' care data, in partner order (their case files)
    care = []
    # a stream of its own for what the data set did not have before the case
    # files: the rest of the data stays the same
    care_rnd = random.Random(seed + 1)
    mobility = (
        "independent",
        "independent",
        "independent",
        "walking_aid",
        "wheelchair",
        "housebound",
    )

    def person(i, kind):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        name = f"{first} {last}"
        quarter = rnd.choice(quarter_ids)
        phone_digits = "0%d %06d" % (rnd.randint(30, 9999), rnd.randint(0, 999999))
        phone = phone_digits if rnd.random() < 0.8 else None
        sanitized = ("+49" + phone_digits[1:].replace(" ", "")) if phone else None
        email = None
        if kind != "resident" or rnd.random() < 0.3:
            email = "%s.%s.%d@bench.example" % (first.lower(), last.lower(), i)
        birth = (
            today - timedelta(days=rnd.randint(365 * 25, 365 * 95))
            if kind == "resident"
            else None
        )
        if kind == "resident":
            use_quarter = rnd.random() < 0.85
            own = 0 if use_quarter else rnd.choice((0, 14, 30, 45))
            interval = q_interval[quarter] if use_quarter else own
            street = "%s %d" % (rnd.choice(STREETS), rnd.randint(1, 120))
            zip_code = "%05d" % rnd.randint(10000, 99999)
            responsible = q_user[quarter] if rnd.random() < 0.2 else None
            # the case file's care data (drawn in the order the data set always had)
            care.append(
                (
                    birth,
                    rnd.random() < 0.35,
                    rnd.choice(mobility),
                    rnd.choice(("phone", "visit", "letter")),
                    care_rnd.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0],
                    care_rnd.choice(REACH_NOTES) if care_rnd.random() < 0.3 else None,
                )
            )
            return (
                name,
                name,
                "contact",
                True,
                False,
                "de_DE",
                "Europe/Berlin",
                street,
                zip_code,
                "Musterstadt",
                germany,
                phone,
                sanitized,
                email,
                email,
                True,
                False,
                False,
                quarter,
                responsible,
                use_quarter,
                own,
                interval,
                True,
                None,
                None,
                *stamp,
            )
        if kind == "volunteer":
            return (
                name,
                name,
                "contact",
                True,
                False,
                "de_DE",
                "Europe/Berlin",
                "%s %d" % (rnd.choice(STREETS), rnd.randint(1, 120)),
                "%05d" % rnd.randint(10000, 99999),
                "Musterstadt",
                germany,
                phone,
                sanitized,
                email,
                email,
                False,
                True,
                False,
                quarter,
                None,
                True,
                0,
                0,
                True,
                None,
                None,
                *stamp,
            )
        pname = "%s %s %d" % (rnd.choice(PROVIDER_KINDS), rnd.choice(DISTRICTS), i)
        return (
            pname,
            pname,
            "contact",
            True,
            True,
            "de_DE",
            "Europe/Berlin",
            "%s %d" % (rnd.choice(STREETS), rnd.randint(1, 120)),
            "%05d" % rnd.randint(10000, 99999),
            "Musterstadt",
            germany,
            phone,
            sanitized,
            email,
            email,
            False,
            False,
            True,
            None,
            None,
            True,
            0,
            0,
            True,
            pname,
            f"Ansprechperson: {first} {last}",
            *stamp,
        )

    def insert_partners(kind, count):
        # ids taken from the sequence first: commercial_partner_id = id in the
        # same INSERT
        # (a later UPDATE of 50,000 rows against the self-referencing key is very slow)
        cr.execute(
            "SELECT nextval('res_partner_id_seq') FROM generate_series(1, %s)", [count]
        )
        ids = [row[0] for row in cr.fetchall()]
        # volunteer_state has an ORM default for every partner; volunteers are active
        state = "active" if kind == "volunteer" else "interested"
        rows = [(pid, pid, state, *person(i, kind)) for i, pid in enumerate(ids)]
        for start in range(0, len(rows), 10000):
            # The foreign-key checks of res_partner on itself run a plan cached
            # while the table was small (a sequential scan, quadratic over
            # 50,000 rows): fresh statistics make PostgreSQL plan them again.
            cr.execute("ANALYZE res_partner")
            insert(
                cr,
                "res_partner",
                ("id", "commercial_partner_id", "volunteer_state", *pcols),
                rows[start : start + 10000],
            )
        return ids

    residents = insert_partners("resident", conf["residents"])
    # one case file per resident (the ORM creates it with the partner)
    rcols = (
        "partner_id",
        "birthdate",
        "lives_alone",
        "mobility",
        "reach_by",
        "preferred_language",
        "reach_note",
        "attention_level",
        "attention_contact_overdue",
        "radar_watch",
        *AUDIT,
    )
    insert(
        cr,
        "kuemmerer_resident",
        rcols,
        [
            (pid, *row, 0, False, False, *stamp)
            for pid, row in zip(residents, care, strict=True)
        ],
        page_size=5000,
    )
    volunteers = insert_partners("volunteer", conf["volunteers"])
    providers = insert_partners("provider", conf["providers"])
    log("partners inserted (%.1fs)", time.time() - t0)
    g.providers = providers
    g.quarter_ids = quarter_ids
    g.residents = residents
    g.volunteers = volunteers


def _gen_provider_services(g):
    """Volunteers' quarters, providers' services."""
    cr = g.cr
    env = g.env
    providers = g.providers
    quarter_ids = g.quarter_ids
    residents = g.residents
    rnd = g.rnd
    t0 = g.t0
    volunteers = g.volunteers
    # (an UPDATE of rows inserted in the same transaction checks every foreign key
    # again, with plans made before the table had rows: statistics first)
    cr.execute("ANALYZE res_partner")
    # the first PORTAL_USERS volunteers help in the first quarter: they log in to
    # the portal (items 5, 7)
    volunteer_quarter = [
        quarter_ids[0] if i < PORTAL_USERS else q
        for i, q in enumerate(rnd.choices(quarter_ids, k=len(volunteers)))
    ]
    insert(
        cr,
        "kuemmerer_partner_volunteer_quarter_rel",
        ("partner_id", "quarter_id"),
        list(zip(volunteers, volunteer_quarter, strict=False)),
    )
    service_types = env["kuemmerer.service.type"].search([]).ids
    provider_services = {}
    st_rows, sq_rows = [], []
    for pid in providers:
        offered = rnd.sample(service_types, rnd.randint(1, 3))
        provider_services[pid] = offered
        st_rows += [(pid, st) for st in offered]
        if rnd.random() < 0.7:
            sq_rows += [
                (pid, q)
                for q in rnd.sample(
                    quarter_ids, min(len(quarter_ids), rnd.randint(1, 4))
                )
            ]
    insert(
        cr,
        "kuemmerer_partner_service_type_rel",
        ("partner_id", "service_type_id"),
        st_rows,
    )
    insert(
        cr,
        "kuemmerer_partner_service_quarter_rel",
        ("partner_id", "quarter_id"),
        sq_rows,
    )
    providers_by_service = {}
    for pid, offered in provider_services.items():
        for st in offered:
            providers_by_service.setdefault(st, []).append(pid)
    log(
        "partners %s residents, %s volunteers, %s providers (%.1fs)",
        len(residents),
        len(volunteers),
        len(providers),
        time.time() - t0,
    )
    g.providers_by_service = providers_by_service
    g.volunteer_quarter = volunteer_quarter


def _gen_contacts(g):
    """The contact log."""
    AUDIT = g.AUDIT
    company_id = g.company_id
    conf = g.conf
    cr = g.cr
    now = g.now
    q_user = g.q_user
    residents = g.residents
    rnd = g.rnd
    stamp = g.stamp
    t0 = g.t0
    # -- contact log ---------------------------------------------------------
    cr.execute("SELECT id, quarter_id FROM res_partner WHERE id = ANY(%s)", [residents])
    resident_quarter = dict(cr.fetchall())
    # skewed: a tenth of the residents was never contacted, some very often
    weights = [
        0 if rnd.random() < 0.1 else rnd.choice((1, 1, 2, 3, 5, 8)) for _ in residents
    ]
    picked = rnd.choices(residents, weights=weights, k=conf["contacts"])
    start = now - timedelta(days=730)
    ccols = (
        "partner_id",
        "date",
        "channel",
        "user_id",
        "summary",
        "quarter_id",
        "company_id",
        *AUDIT,
    )
    crow = []
    for pid in picked:
        # more recent contacts are more frequent (the service grew)
        when = start + timedelta(seconds=int(730 * 86400 * (rnd.random() ** 0.7)))
        quarter = resident_quarter[pid]
        crow.append(
            (
                pid,
                when,
                rnd.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                q_user[quarter],
                rnd.choice(SUMMARIES),
                quarter,
                company_id,
                *stamp,
            )
        )
    insert(cr, "kuemmerer_contact", ccols, crow, page_size=5000)
    del crow
    log("contacts %s (%.1fs)", len(picked), time.time() - t0)
    g.resident_quarter = resident_quarter
    g.weights = weights


def _gen_needs(g):
    """Needs."""
    AUDIT = g.AUDIT
    company_id = g.company_id
    conf = g.conf
    cr = g.cr
    env = g.env
    q_user = g.q_user
    resident_quarter = g.resident_quarter
    residents = g.residents
    rnd = g.rnd
    stamp = g.stamp
    t0 = g.t0
    today = g.today
    weights = g.weights
    # -- needs, chains, steps --------------------------------------------------
    categories = env["kuemmerer.need.category"].search([])
    templates = env["kuemmerer.help.chain.template"].search([("step_ids", "!=", False)])
    template_steps = {
        t.id: [
            (
                s.name,
                s.step_type,
                s.service_type_id.id or None,
                s.instructions or None,
                s.delay_days,
            )
            for s in t.step_ids
        ]
        for t in templates
    }
    cat_template = {
        c.id: (c.chain_template_id.id if c.chain_template_id in templates else None)
        for c in categories
    }
    need_states = ("new", "assessed", "in_progress", "resolved", "cancelled")
    state_weights = (10, 10, 30, 40, 10)
    sources = (
        "resident",
        "kuemmerer",
        "relative",
        "staff_hint",
        "provider",
        "home_visit",
        "event",
        "other",
    )
    ncols = (
        "name",
        "partner_id",
        "category_id",
        "priority",
        "state",
        "source",
        "description",
        "user_id",
        "quarter_id",
        "company_id",
        "date_detected",
        "date_resolved",
        "date_closed",
        "retention_done",
        *AUDIT,
    )
    need_partners = rnd.choices(
        residents, weights=[w + 1 for w in weights], k=conf["needs"]
    )
    nrows, need_meta = [], []
    for i, pid in enumerate(need_partners):
        state = rnd.choices(need_states, state_weights)[0]
        detected = today - timedelta(days=int(729 * (rnd.random() ** 0.8)))
        closed = None
        if state in ("resolved", "cancelled"):
            closed = min(today, detected + timedelta(days=rnd.randint(3, 120)))
        category = rnd.choice(categories.ids)
        quarter = resident_quarter[pid]
        nrows.append(
            (
                "BED/%s/%05d" % (detected.year, i + 1),
                pid,
                category,
                rnd.choices("0123", (60, 25, 10, 5))[0],
                state,
                rnd.choice(sources),
                "Vertrauliche Beschreibung des Bedarfs Nr. %d." % (i + 1),
                q_user[quarter],
                quarter,
                company_id,
                detected,
                closed if state == "resolved" else None,
                closed,
                False,
                *stamp,
            )
        )
        need_meta.append(
            (state, category, quarter, q_user[quarter], detected, closed, pid)
        )
    need_ids = insert(cr, "kuemmerer_need", ncols, nrows, True)
    seq = env["ir.sequence"].search([("code", "=", "kuemmerer.need")], limit=1)
    if seq:
        seq.number_next = len(need_ids) + 1
    log("needs %s (%.1fs)", len(need_ids), time.time() - t0)
    g.cat_template = cat_template
    g.need_ids = need_ids
    g.need_meta = need_meta
    g.template_steps = template_steps


def _gen_chains(g):
    """Help chains and their steps."""
    AUDIT = g.AUDIT
    cat_template = g.cat_template
    company_id = g.company_id
    conf = g.conf
    cr = g.cr
    need_ids = g.need_ids
    need_meta = g.need_meta
    providers_by_service = g.providers_by_service
    rnd = g.rnd
    stamp = g.stamp
    t0 = g.t0
    template_steps = g.template_steps
    today = g.today
    volunteers = g.volunteers
    chain_rows, chain_steps = [], []
    step_budget = conf["steps"]
    chain_state_of = {
        "assessed": "draft",
        "in_progress": "running",
        "resolved": "done",
        "cancelled": "cancelled",
    }
    template_ids = list(template_steps)
    for need_id, (state, category, quarter, user, detected, closed, pid) in zip(
        need_ids, need_meta, strict=False
    ):
        if step_budget <= 0 or state not in chain_state_of:
            continue
        if state == "assessed" and rnd.random() < 0.7:
            continue  # most assessed needs have no chain yet
        template = cat_template.get(category) or rnd.choice(template_ids)
        chain_state = chain_state_of[state]
        started = detected + timedelta(days=rnd.randint(0, 5))
        started = min(started, today)
        chain_rows.append(
            (
                "Hilfekette",
                need_id,
                template,
                chain_state,
                pid,
                quarter,
                user,
                company_id,
                started,
                closed if chain_state == "done" else None,
                *stamp,
            )
        )
        steps = template_steps[template]
        chain_steps.append(
            (chain_state, started, closed, steps, need_id, pid, quarter, user)
        )
        step_budget -= len(steps)
    chcols = (
        "name",
        "need_id",
        "template_id",
        "state",
        "partner_id",
        "quarter_id",
        "user_id",
        "company_id",
        "date_start",
        "date_done",
        *AUDIT,
    )
    chain_ids = insert(cr, "kuemmerer_help_chain", chcols, chain_rows, True)
    scols = (
        "chain_id",
        "need_id",
        "partner_id",
        "quarter_id",
        "company_id",
        "sequence",
        "name",
        "step_type",
        "service_type_id",
        "instructions",
        "provider_id",
        "volunteer_id",
        "user_id",
        "date_deadline",
        "state",
        "outcome",
        "date_done",
        "is_escalated",
        "referral_state",
        *AUDIT,
    )
    srows = []
    for chain_id, (
        chain_state,
        started,
        _closed,
        steps,
        need_id,
        pid,
        quarter,
        user,
    ) in zip(chain_ids, chain_steps, strict=False):
        if chain_state == "running":
            current = rnd.randrange(len(steps))
        elif chain_state == "cancelled":
            current = rnd.randrange(len(steps))
        else:
            current = len(steps)
        for index, (name, step_type, service, instructions, delay) in enumerate(steps):
            deadline = started + timedelta(days=delay)
            if chain_state == "draft":
                state = "waiting"
            elif index < current:
                state = rnd.choices(("done", "failed", "skipped"), (85, 5, 10))[0]
            elif index == current and chain_state == "running":
                state = "todo"
            elif chain_state == "cancelled":
                state = "skipped"
            else:
                state = "waiting"
            provider = None
            if service and providers_by_service.get(service):
                provider = rnd.choice(providers_by_service[service])
            # volunteer 00 (measured on the portal) gets fixed tasks below
            volunteer = (
                rnd.choice(volunteers[1:])
                if step_type == "volunteer" and volunteers[1:]
                else None
            )
            ended = state in ("done", "failed", "skipped")
            srows.append(
                (
                    chain_id,
                    need_id,
                    pid,
                    quarter,
                    company_id,
                    (index + 1) * 10,
                    name,
                    step_type,
                    service,
                    instructions,
                    provider,
                    volunteer,
                    user,
                    deadline,
                    state,
                    "Ergebnis: erledigt." if state == "done" else None,
                    min(today, deadline) if ended else None,
                    False,
                    "none",
                    *stamp,
                )
            )
    insert(cr, "kuemmerer_help_step", scols, srows, page_size=5000)
    log("chains %s, steps %s (%.1fs)", len(chain_ids), len(srows), time.time() - t0)
    del srows


def _gen_volunteer_tasks(g):
    """The fixed tasks of volunteer 00."""
    cr = g.cr
    quarter_ids = g.quarter_ids
    volunteers = g.volunteers
    # volunteer 00 has the same tasks at every size (item 5 compares the sizes):
    # two open ones in running chains and two done ones
    for state, count in (("todo", 2), ("done", 2)):
        cr.execute(
            """UPDATE kuemmerer_help_step SET volunteer_id = %s
                WHERE id IN (SELECT s.id FROM kuemmerer_help_step s
                               JOIN kuemmerer_help_chain c ON c.id = s.chain_id
                              WHERE s.step_type = 'volunteer' AND s.state = %s
                                AND c.state = %s
                              ORDER BY s.quarter_id = %s DESC, s.id LIMIT %s)""",
            [
                volunteers[0],
                state,
                "running" if state == "todo" else "done",
                quarter_ids[0],
                count,
            ],
        )
        if cr.rowcount != count:
            raise RuntimeError(f"not enough {state} volunteer steps for volunteer 00")


def _gen_step_activities(g):
    """One open activity per due step."""
    cr = g.cr
    env = g.env
    now = g.now
    t0 = g.t0
    # -- one open activity per due step (what _kuemmerer_schedule_activity makes)
    need_model = env["ir.model"]._get_id("kuemmerer.need")
    todo_type = env.ref("mail.mail_activity_data_todo").id
    cr.execute(
        """
        WITH due AS (
            SELECT s.id, s.need_id, s.user_id, s.name, s.date_deadline,
                   n.name AS need_name
              FROM kuemmerer_help_step s JOIN kuemmerer_need n ON n.id = s.need_id
             WHERE s.state = 'todo' AND s.activity_id IS NULL
        ), ins AS (
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                       activity_type_id, summary, date_deadline,
                                       user_id, user_tz, automated, active,
                                       create_uid, create_date, write_uid, write_date)
            SELECT %s, 'kuemmerer.need', due.need_id, due.need_name, %s, due.name,
                   due.date_deadline,
                   due.user_id, 'Europe/Berlin', FALSE, TRUE, 1, %s, 1, %s
              FROM due ORDER BY due.id
            RETURNING id, res_id, summary
        )
        UPDATE kuemmerer_help_step s SET activity_id = ins.id
          FROM ins
         WHERE s.need_id = ins.res_id AND s.name = ins.summary AND s.state = 'todo'
        """,
        [need_model, todo_type, now, now],
    )
    log("step activities %s (%.1fs)", cr.rowcount, time.time() - t0)


def _gen_shifts(g):
    """Shifts and registrations."""
    AUDIT = g.AUDIT
    company_id = g.company_id
    conf = g.conf
    cr = g.cr
    now = g.now
    q_user = g.q_user
    quarter_ids = g.quarter_ids
    rnd = g.rnd
    stamp = g.stamp
    t0 = g.t0
    volunteer_quarter = g.volunteer_quarter
    volunteers = g.volunteers
    # -- shifts and registrations (SQL; seats_taken/seats_available set to match) --
    volunteers_of = {}
    for pid, q in zip(volunteers, volunteer_quarter, strict=False):
        volunteers_of.setdefault(q, []).append(pid)
    shift_rows, shift_meta = [], []
    per_shift = max(1, conf["registrations"] // conf["shifts"])
    # volunteer 00 has the same shifts at every size (item 5 compares the sizes):
    # the first FIXED_SHIFTS shifts are in the first quarter, five ahead and
    # three past; 00 is registered for two ahead, cancelled one, attended two
    fixed_v0 = {
        0: "registered",
        1: "registered",
        2: "cancelled",
        5: "attended",
        6: "attended",
    }
    for i in range(conf["shifts"]):
        quarter = rnd.choice(quarter_ids)
        # a year back, three months ahead
        begin = (
            now - timedelta(days=365) + timedelta(days=rnd.randint(0, 455))
        ).replace(hour=rnd.choice((8, 9, 10, 14, 15)), minute=0, second=0)
        if i < FIXED_SHIFTS:
            quarter = quarter_ids[0]
            begin = (
                now + timedelta(days=3 + 7 * i)
                if i < 5
                else now - timedelta(days=7 * (i - 4))
            ).replace(hour=10, minute=0, second=0)
        end = begin + timedelta(hours=rnd.choice((2, 3, 4)))
        future = begin > now
        state = (
            rnd.choices(("published", "draft", "cancelled"), (85, 10, 5))[0]
            if future
            else rnd.choices(("done", "cancelled"), (95, 5))[0]
        )
        if i < FIXED_SHIFTS:
            state = "published" if future else "done"
        pool = [pid for pid in volunteers_of.get(quarter, []) if pid != volunteers[0]]
        picked = (
            rnd.sample(pool, min(len(pool), rnd.randint(0, 2 * per_shift)))
            if state != "draft"
            else []
        )
        if i in fixed_v0:
            picked.append(volunteers[0])
        regs = []
        for pid in picked:
            if i in fixed_v0 and pid == volunteers[0]:
                regs.append((pid, fixed_v0[i]))
                continue
            if state == "cancelled" or rnd.random() < 0.1:
                rstate = "cancelled"
            elif future:
                rstate = "registered"
            else:
                rstate = rnd.choices(("attended", "no_show"), (90, 10))[0]
            regs.append((pid, rstate))
        taken = sum(1 for _pid, rstate in regs if rstate != "cancelled")
        seats_max = rnd.choice((0, 0, max(taken, 2), taken + 1, taken + 3))
        available = max(seats_max - taken, 0) if seats_max else 0
        shift_rows.append(
            (
                "{}: {}".format(
                    rnd.choice(
                        (
                            "Einkaufsbegleitung",
                            "Besuchsdienst",
                            "Nachbarschaftscafé",
                            "Fahrdienst",
                            "Spaziergang",
                            "Repair-Café",
                        )
                    ),
                    DISTRICTS[i % len(DISTRICTS)],
                ),
                begin,
                end,
                "%s %d" % (rnd.choice(STREETS), rnd.randint(1, 120)),
                quarter,
                company_id,
                q_user[quarter] or 1,
                state,
                seats_max,
                taken,
                available,
                24,
                "none",
                *stamp,
            )
        )
        shift_meta.append((begin, end, quarter, q_user[quarter] or 1, regs))
    shcols = (
        "name",
        "date_begin",
        "date_end",
        "location",
        "quarter_id",
        "company_id",
        "user_id",
        "state",
        "seats_max",
        "seats_taken",
        "seats_available",
        "cancel_deadline_hours",
        "recurrence",
        *AUDIT,
    )
    shift_ids = insert(cr, "kuemmerer_shift", shcols, shift_rows, True)
    rrows = []
    for shift_id, (begin, end, quarter, user, regs) in zip(
        shift_ids, shift_meta, strict=False
    ):
        hours = (end - begin).total_seconds() / 3600.0
        for pid, rstate in regs:
            rrows.append(
                (
                    shift_id,
                    pid,
                    rstate,
                    0.0 if rstate == "no_show" else hours,
                    now if rstate == "cancelled" else None,
                    begin,
                    quarter,
                    user,
                    company_id,
                    *stamp,
                )
            )
    rcols = (
        "shift_id",
        "partner_id",
        "state",
        "hours",
        "date_cancelled",
        "date_begin",
        "quarter_id",
        "user_id",
        "company_id",
        *AUDIT,
    )
    insert(cr, "kuemmerer_shift_registration", rcols, rrows)
    log(
        "shifts %s, registrations %s (%.1fs)",
        len(shift_ids),
        len(rrows),
        time.time() - t0,
    )


def _gen_recompute(g):
    """Stored computed fields the inserts bypassed."""
    cr = g.cr
    env = g.env
    t0 = g.t0
    today = g.today
    # -- stored computed fields the inserts bypassed ----------------------------
    cr.execute(
        "ANALYZE res_partner, kuemmerer_resident, kuemmerer_contact, kuemmerer_need, "
        "kuemmerer_help_step"
    )
    cr.execute(
        """
        UPDATE res_partner p SET last_contact_date = c.last
          FROM (SELECT partner_id, max(date)::date AS last
                  FROM kuemmerer_contact GROUP BY partner_id) c
         WHERE c.partner_id = p.id
        """
    )
    cr.execute(
        """
        UPDATE res_partner
           SET next_contact_date = last_contact_date + contact_interval_days
         WHERE is_resident AND contact_interval_days > 0
           AND last_contact_date IS NOT NULL
        """
    )
    # the case files: the radar's copy of the partner's dates and the attention
    # level (_compute_radar_keys, _compute_attention_level; no neighbourhood
    # events are generated, so nobody missed one)
    cr.execute(
        """
        UPDATE kuemmerer_resident r
           SET radar_watch = a.watch,
               radar_due_date = a.due,
               attention_contact_overdue = a.overdue,
               attention_level = LEAST(3, a.overdue::int + a.alone::int + a.need::int)
          FROM (
            SELECT f.id,
                   (p.is_resident AND p.active
                    AND p.contact_interval_days > 0) AS watch,
                   p.next_contact_date AS due,
                   (p.is_resident AND p.contact_interval_days > 0
                    AND (p.last_contact_date IS NULL
                         OR p.next_contact_date < %s)) AS overdue,
                   (p.is_resident AND COALESCE(f.lives_alone, FALSE)) AS alone,
                   (p.is_resident AND EXISTS (
                       SELECT 1 FROM kuemmerer_need n
                         JOIN kuemmerer_need_category c ON c.id = n.category_id
                        WHERE n.partner_id = p.id AND c.is_attention_relevant
                          AND n.state IN ('new', 'assessed', 'in_progress'))) AS need
              FROM kuemmerer_resident f JOIN res_partner p ON p.id = f.partner_id
          ) a
         WHERE a.id = r.id
        """,
        [today],
    )
    env.invalidate_all()
    check_case_files(env)
    log("stored fields recomputed (%.1fs)", time.time() - t0)
    cr.commit()


def _gen_crons(g):
    """The daily crons."""
    cr = g.cr
    env = g.env
    t0 = g.t0
    # -- the morning after: the daily crons have run --------------------------
    Radar = env["kuemmerer.radar"]
    rounds = 0
    while True:
        before = env["mail.activity"].search_count([])
        Radar._cron_contact_radar()
        cr.commit()
        rounds += 1
        if env["mail.activity"].search_count([]) == before or rounds > 200:
            break
    log("contact radar ran %s times (%.1fs)", rounds, time.time() - t0)
    Step = env["kuemmerer.help.step"]
    while Step.search_count([("is_overdue", "=", True), ("is_escalated", "=", False)]):
        Step._cron_escalate_overdue()
        cr.commit()
    log("escalation ran (%.1fs)", time.time() - t0)


def _gen_fixed_tandems(g):
    """Volunteer 00's tandems, the same at every size (item 5 measures their
    portal pages /my/kuemmerer/tandems and /my/kuemmerer/month): three
    residents of the first quarter, each with visits in this month and the
    last two. Through the ORM, like every tandem and visit."""
    env = g.env
    today = g.now.date()
    first_quarter = g.quarter_ids[0]
    residents = [
        pid for pid in g.residents if g.resident_quarter.get(pid) == first_quarter
    ][:FIXED_TANDEMS]
    if len(residents) < FIXED_TANDEMS:
        raise RuntimeError("not enough residents in the first quarter for tandems")
    env["kuemmerer.consent"].create(
        [{"partner_id": pid, "purpose": "share_volunteers"} for pid in residents]
    )
    tandems = env["kuemmerer.tandem"].create(
        [
            {
                "resident_id": pid,
                "volunteer_id": g.volunteers[0],
                "user_id": g.q_user[first_quarter] or env.uid,
                "programme": "other",
                "independence_confirmed": True,
            }
            for pid in residents
        ]
    )
    start = (today.replace(day=1) - timedelta(days=62)).replace(day=1)
    for tandem in tandems:
        tandem.action_activate()
    tandems.date_start = start
    visits = []
    for index, tandem in enumerate(tandems):
        day = start + timedelta(days=index)
        while day < today:
            visits.append(
                {
                    "tandem_id": tandem.id,
                    "date": day,
                    "hours": 1.5,
                    "km": 3.0,
                    "note": "Einkauf und Spaziergang",
                }
            )
            day += timedelta(days=9)
    env["kuemmerer.tandem.visit"].create(visits)


def _gen_portal(g):
    """Portal users and the shift of item 7."""
    cr = g.cr
    env = g.env
    now = g.now
    q_user = g.q_user
    quarter_ids = g.quarter_ids
    t0 = g.t0
    volunteers = g.volunteers
    # -- portal users for the first volunteers (ORM: groups, password hashes) ----
    portal = env.ref("base.group_portal")
    env["res.users"].with_context(no_reset_password=True, tracking_disable=True).create(
        [
            {
                "login": "volunteer%02d@bench.example" % i,
                "password": "bench",
                "partner_id": pid,
                "groups_id": [(6, 0, [portal.id])],
            }
            for i, pid in enumerate(volunteers[:PORTAL_USERS])
        ]
    )
    # the shift of item 7: published through the ORM like every real shift (its
    # calendar event invites whoever signs up), in the portal volunteers'
    # quarter, one free seat
    signup_shift = env["kuemmerer.shift"].create(
        {
            "name": "Bench: der letzte Platz",
            "date_begin": (now + timedelta(days=14)).replace(hour=10, minute=0),
            "date_end": (now + timedelta(days=14)).replace(hour=12, minute=0),
            "location": "Lindenstraße 1",
            "quarter_id": quarter_ids[0],
            "user_id": q_user[quarter_ids[0]] or env.uid,
            "seats_max": 1,
        }
    )
    signup_shift.action_publish()
    if not signup_shift.calendar_event_id:
        raise RuntimeError("the sign-up shift has no calendar event")
    env["ir.config_parameter"].set_param(
        "kuemmerer_bench.signup_shift_id", str(signup_shift.id)
    )
    _gen_fixed_tandems(g)
    cr.commit()
    log("portal users %s (%.1fs)", PORTAL_USERS, time.time() - t0)
    cr.execute("ANALYZE")
    counts = {}
    for model in (
        "res.partner",
        "kuemmerer.resident",
        "kuemmerer.contact",
        "kuemmerer.need",
        "kuemmerer.help.chain",
        "kuemmerer.help.step",
        "mail.activity",
        "kuemmerer.shift",
        "kuemmerer.shift.registration",
        "kuemmerer.tandem.visit",
    ):
        counts[model] = env[model].with_context(active_test=False).search_count([])
    log("done in %.1fs: %s", time.time() - t0, counts)
    return time.time() - t0


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    args = parser.parse_args(argv)
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        seconds = generate(env, args.size)
        env["ir.config_parameter"].set_param("kuemmerer_bench.size", args.size)
        env["ir.config_parameter"].set_param(
            "kuemmerer_bench.build_seconds", f"{seconds:.0f}"
        )
        cr.commit()


if __name__ == "__main__":
    sys.exit(main())
