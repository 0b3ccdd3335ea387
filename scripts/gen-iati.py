#!/usr/bin/env python3
"""Deterministic generator of a synthetic IATI 2.03 activity file, for importer benchmarks.

    scripts/gen-iati.py --size-mb 50 --seed 18 --out /tmp/iati/iati-50mb.xml [--mine-share 0.3]

Output
    A well-formed IATI 2.03 `iati-activities` document of about --size-mb MiB
    (1 MiB = 1,048,576 bytes). All data is fictitious.
    - The file is streamed to disk one activity at a time, so memory use stays flat
      whatever the size.
    - The same arguments always give a byte-identical file: only random.Random(seed)
      drives the content, and no clock is read.

Content
    About --mine-share of the activities are mine action (DAC CRS purpose code 15250,
    sector vocabulary 1). The rest use other purpose codes, including the close decoys
    15230, 15240, 15261 and vocabulary-2 "152".

    Each activity has:
    - 1-7 transactions of types 1, 2, 3 and 4 in EUR/USD/GBP/NOK/JPY/CHF. Some
      transactions override the activity's default currency, and some expenditures
      (and a few commitments) are negative.
    - dates from 2005 to 2025, written with no time zone, with "Z", or with an offset
      such as "+02:00";
    - English and French narratives;
    - participating orgs, recipient countries or regions, and budgets.

    Roughly 12 % of activities give the sector per transaction, not per activity.

Summary (printed to stderr as JSON at the end; --summary-out also writes it to a file)
    The rules match Tests/fixtures/iati/README.md:
    - A transaction is mine action when the 15250 percentage that applies to it is
      above zero. That is the activity-level vocabulary-1 15250 percentage; a single
      sector without a percentage counts as 100. When the sector is given per
      transaction, a 15250 transaction counts as 100.
    - Its mine-action share is value x percentage / 100, in its own currency:
      value/@currency, or else the activity's default-currency.
    - The totals add up these shares over every transaction type. They are exact
      decimals, shown rounded to 2 decimals.
    - Every share is exact to the cent by construction: split percentages only ever
      apply to whole-unit values. So per-transaction rounding cannot change a total.
    - A breakdown per transaction type is included too.

    Secondary figures, for an importer that stores whole currency units per recipient
    country:
    - Each mine-action transaction is split into parts by the activity's
      recipient-country percentages. A single country without a percentage is 100 %;
      a region-only activity is one part.
    - Each part is rounded to a whole unit, with ties going away from zero.
    - "mine_action_whole_unit_parts_by_currency" sums those rounded parts.
    - "mine_action_whole_unit_half_ties" counts the parts whose exact value ended in .5.
      A binary floating-point importer may round such a part either way, so allow that
      many units of difference.

Python 3 standard library only.
"""

import argparse
import json
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

MIB = 1024 * 1024
CURRENCIES = ["EUR", "USD", "GBP", "NOK", "JPY", "CHF"]
# Recipient countries (ISO 3166-1 alpha-2). Many are mine-affected; some are not.
COUNTRIES = [
    "AF", "AO", "AZ", "BA", "KH", "CO", "HR", "IQ", "LA", "LB", "LY", "MM", "MZ", "SO",
    "SS", "SD", "SY", "TJ", "UA", "VN", "YE", "ZW", "TD", "SN", "LK", "ML", "NG", "ET",
    "KE", "UG", "BD", "XK", "PS", "GE", "AM", "TH", "PE", "EC", "CD", "SL",
]
# DAC regions (RegionVocabulary 1).
REGIONS = ["89", "289", "298", "589", "619", "689", "789", "798", "998"]
MINE = "15250"
OTHER_SECTORS = [
    "11110", "11220", "12110", "12220", "12240", "13020", "14030", "15110", "15160",
    "15170", "15220", "16010", "31120", "43010", "72010", "73010", "74020",
]
# Same category (152) as 15250, but NOT mine action.
DECOY_SECTORS = ["15230", "15240", "15261"]
MINE_PCTS = [100, 100, 100, 100, 100, 100, 80, 75, 60, 50, 40, 25, 20]
OTHER_SPLITS = [[100], [100], [50, 50], [60, 40], [70, 30], [40, 30, 30], [50, 25, 25]]
TZ_SUFFIXES = [""] * 14 + ["Z"] * 4 + ["+01:00", "+02:00", "-05:00"]
ORG_TYPES = ["10", "21", "22", "24", "40", "60", "80"]

EN_TITLES = [
    "Land release and clearance in {place}",
    "Explosive ordnance risk education for returnees, {place}",
    "Victim assistance & rehabilitation services, {place}",
    "Non-technical survey of suspected hazardous areas, {place}",
    "Battle area clearance along rural roads, {place}",
    "Primary schools rehabilitation, {place}",
    "Basic health care in border districts, {place}",
    "Water supply & sanitation for host communities, {place}",
    "Agricultural recovery after conflict, {place}",
    "Peace-building dialogue platforms, {place}",
]
FR_TITLES = [
    "Remise à disposition des terres et déminage, {place}",
    "Éducation aux risques des engins explosifs, {place}",
    "Assistance aux victimes & réadaptation, {place}",
    "Enquête non technique des zones dangereuses, {place}",
    "Dépollution des zones de combat, routes rurales, {place}",
    "Réhabilitation d'écoles primaires, {place}",
    "Soins de santé de base, districts frontaliers, {place}",
    "Eau potable & assainissement, {place}",
    "Relance agricole après le conflit, {place}",
    "Dialogue pour la consolidation de la paix, {place}",
]
EN_DESC = "Synthetic benchmark activity {n}: fictitious data generated by MineFree gen-iati.py (seed {seed})."
FR_DESC = "Activité de test synthétique {n} : données fictives générées par gen-iati.py (graine {seed})."
EN_TX = ["Tranche payment", "Equipment purchase", "Refund of unspent funds", "Grant agreement", "Operating costs"]
FR_TX = ["Versement de tranche", "Achat d'équipement", "Remboursement du solde", "Accord de subvention", "Frais de fonctionnement"]

ORG_A = ["Fictional", "Sample", "Example", "Notional", "Imaginary", "Placeholder", "Mock", "Demo"]
ORG_B = ["Demining Trust", "Mine Action Group", "Development Agency", "Relief Foundation",
         "Clearance Cooperative", "Ministry of Cooperation", "Humanitarian Fund", "Survey Institute"]


def make_orgs():
    orgs = []
    n = 0
    for a in ORG_A:
        for b in ORG_B:
            n += 1
            orgs.append((f"XI-IATI-MFGEN{n:03d}", ORG_TYPES[n % len(ORG_TYPES)], f"{a} {b}"))
    return orgs


ORGS = make_orgs()


def date_str(rng, year, tz=True):
    d = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return d + (rng.choice(TZ_SUFFIXES) if tz else "")


def money(rng, currency, whole):
    """Returns a value string. It is a whole number when `whole` (or for JPY), and has up to 2 decimals otherwise."""
    mag = rng.choice([1_000, 10_000, 100_000, 1_000_000])
    units = rng.randint(1, 5 * mag)
    if currency == "JPY":
        units *= 100
        whole = True
    if whole or rng.random() < 0.5:
        return str(units)
    cents = rng.randint(0, 99)
    if cents % 10 == 0 and rng.random() < 0.5:
        return f"{units}.{cents // 10}"
    return f"{units}.{cents:02d}"


def pct_str(rng, p):
    return f"{p}.0" if rng.random() < 0.1 else str(p)


def narrative(text, lang=None):
    if lang:
        return f'<narrative xml:lang="{lang}">{escape(text)}</narrative>'
    return f"<narrative>{escape(text)}</narrative>"


class Totals:
    def __init__(self):
        self.activities = 0
        self.transactions = 0
        self.ma_activities = 0
        self.ma_transactions = 0
        self.by_currency = {}
        self.by_type = {}
        self.tx_by_type = {}
        self.parts = 0
        self.whole_by_currency = {}
        self.half_ties = 0

    def add_part(self, currency, exact):
        self.parts += 1
        whole = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)  # ties away from zero
        if abs(exact - exact.to_integral_value(rounding="ROUND_DOWN")) == Decimal("0.5"):
            self.half_ties += 1
        self.whole_by_currency[currency] = self.whole_by_currency.get(currency, 0) + int(whole)

    def add(self, ttype, currency, share):
        self.ma_transactions += 1
        self.by_currency[currency] = self.by_currency.get(currency, Decimal(0)) + share
        t = self.by_type.setdefault(ttype, {})
        t[currency] = t.get(currency, Decimal(0)) + share
        self.tx_by_type[ttype] = self.tx_by_type.get(ttype, 0) + 1


def num(d):
    q = d.quantize(Decimal("0.01"))
    f = float(q)
    # Stay well within double precision, so the JSON number is the exact 2-decimal value.
    assert Decimal(repr(f)).quantize(Decimal("0.01")) == q, q
    return f


def activity(rng, n, seed, mine_share, tot):
    """Returns one <iati-activity> as a str and updates `tot`."""
    is_mine = rng.random() < mine_share
    tx_level = rng.random() < 0.12
    lang = "fr" if rng.random() < 0.2 else "en"
    currency = rng.choice(CURRENCIES)
    rep = rng.choice(ORGS)
    ident = f"{rep[0]}-{n:08d}"
    start = rng.randint(2005, 2023)
    end = min(2025, start + rng.randint(1, 4))
    status = "2" if end >= 2025 else rng.choice(["2", "3", "4"])
    place = rng.choice(COUNTRIES)
    ti = rng.randrange(len(EN_TITLES))
    if is_mine:
        ti = ti % 5  # the first five titles are mine-action themed
    else:
        ti = 5 + ti % 5

    out = []
    w = out.append
    w(f'<iati-activity last-updated-datetime="{end:04d}-12-31T00:00:00Z" xml:lang="{lang}" default-currency="{currency}">')
    w(f"<iati-identifier>{ident}</iati-identifier>")
    w(f'<reporting-org ref="{rep[0]}" type="{rep[1]}">{narrative(rep[2])}</reporting-org>')
    en_t, fr_t = EN_TITLES[ti].format(place=place), FR_TITLES[ti].format(place=place)
    if lang == "fr":
        title = narrative(fr_t) + (narrative(en_t, "en") if rng.random() < 0.6 else "")
    else:
        title = narrative(en_t) + (narrative(fr_t, "fr") if rng.random() < 0.3 else "")
    w(f"<title>{title}</title>")
    desc = narrative(EN_DESC.format(n=n, seed=seed)) if lang == "en" else narrative(FR_DESC.format(n=n, seed=seed))
    w(f'<description type="1">{desc}</description>')
    funder = rng.choice(ORGS)
    impl = rng.choice(ORGS)
    w(f'<participating-org ref="{funder[0]}" type="{funder[1]}" role="1">{narrative(funder[2])}</participating-org>')
    if rng.random() < 0.3:
        w(f'<participating-org ref="{rep[0]}" type="{rep[1]}" role="3">{narrative(rep[2])}</participating-org>')
    if rng.random() < 0.85:
        w(f'<participating-org ref="{impl[0]}" type="{impl[1]}" role="4">{narrative(impl[2])}</participating-org>')
    else:
        w(f'<participating-org type="22" role="4">{narrative("Organisation locale fictive" if lang == "fr" else "Fictitious local partner")}</participating-org>')
    w(f'<activity-status code="{status}"/>')
    w(f'<activity-date type="1" iso-date="{date_str(rng, start)}"/>')
    if rng.random() < 0.8:
        w(f'<activity-date type="2" iso-date="{date_str(rng, start)}"/>')
    w(f'<activity-date type="3" iso-date="{date_str(rng, end)}"/>')
    if status in ("3", "4"):
        w(f'<activity-date type="4" iso-date="{date_str(rng, end)}"/>')

    r = rng.random()
    country_pcts = [100]  # one part; region-only activities are one part too
    if r < 0.1:
        w(f'<recipient-region code="{rng.choice(REGIONS)}" vocabulary="1" percentage="100"/>')
    elif r < 0.25:
        c1, c2 = rng.choice(COUNTRIES), rng.choice(COUNTRIES)
        while c2 == c1:
            c2 = rng.choice(COUNTRIES)
        p = rng.choice([50, 60, 70, 80])
        country_pcts = [p, 100 - p]
        w(f'<recipient-country code="{c1}" percentage="{p}"/><recipient-country code="{c2}" percentage="{100 - p}"/>')
    elif r < 0.4:
        w(f'<recipient-country code="{place}"/>')
    else:
        w(f'<recipient-country code="{place}" percentage="100"/>')

    # Activity-level sectors. mine_pct is the 15250 percentage that applies to every transaction.
    mine_pct = 0
    if not tx_level:
        if is_mine:
            mine_pct = rng.choice(MINE_PCTS)
            rem = 100 - mine_pct
            if rem == 0:
                vocab = "" if rng.random() < 0.15 else ' vocabulary="1"'
                pct = "" if rng.random() < 0.2 else f' percentage="{pct_str(rng, 100)}"'
                w(f'<sector{vocab} code="{MINE}"{pct}/>')
            else:
                w(f'<sector vocabulary="1" code="{MINE}" percentage="{pct_str(rng, mine_pct)}"/>')
                others = rng.sample(OTHER_SECTORS + DECOY_SECTORS, 2)
                if rem >= 40 and rng.random() < 0.5:
                    w(f'<sector vocabulary="1" code="{others[0]}" percentage="{rem // 2}"/>')
                    w(f'<sector vocabulary="1" code="{others[1]}" percentage="{rem - rem // 2}"/>')
                else:
                    w(f'<sector vocabulary="1" code="{others[0]}" percentage="{rem}"/>')
            if rng.random() < 0.25:
                w('<sector vocabulary="2" code="152" percentage="100"/>')
        else:
            split = rng.choice(OTHER_SPLITS)
            pool = OTHER_SECTORS + DECOY_SECTORS
            codes = rng.sample(pool, len(split))
            for code, p in zip(codes, split):
                if len(split) == 1 and rng.random() < 0.2:
                    w(f'<sector vocabulary="1" code="{code}"/>')
                else:
                    w(f'<sector vocabulary="1" code="{code}" percentage="{p}"/>')
            if any(c.startswith("152") for c in codes) and rng.random() < 0.5:
                w('<sector vocabulary="2" code="152" percentage="100"/>')
        if rng.random() < 0.1:
            w(f'<sector vocabulary="99" code="RO-{rng.randint(1, 40):02d}" percentage="100">{narrative("Internal theme code")}</sector>')

    for k in range(rng.randint(1, 3)):
        y = min(2025, start + k)
        w(f'<budget type="1" status="{rng.choice(["1", "2"])}">'
          f'<period-start iso-date="{y:04d}-01-01"/><period-end iso-date="{y:04d}-12-31"/>'
          f'<value value-date="{y:04d}-01-01">{money(rng, currency, True)}</value></budget>')

    ntx = rng.randint(1, 7)
    types = [rng.choice(["1", "2", "3", "3", "3", "4", "4"]) for _ in range(ntx)]
    if tx_level and is_mine:
        mine_tx = [rng.random() < 0.6 for _ in range(ntx)]
        if not any(mine_tx):
            mine_tx[rng.randrange(ntx)] = True
    else:
        mine_tx = [False] * ntx
    any_mine = False
    for i, ttype in enumerate(types):
        tcur = currency
        cur_attr = ""
        if rng.random() < 0.15:
            tcur = rng.choice(CURRENCIES)
            cur_attr = f' currency="{tcur}"'
        # Only a split percentage (below 100) needs whole units to keep shares exact to the cent.
        whole = (not tx_level) and is_mine and mine_pct != 100
        val = money(rng, tcur, whole)
        if (ttype == "4" and rng.random() < 0.08) or (ttype == "2" and rng.random() < 0.03):
            val = "-" + val
        y = rng.randint(start, end)
        tdate = date_str(rng, y)
        vdate = tdate if rng.random() < 0.1 else tdate[:10]
        parts = [f'<transaction ref="{ident}-T{i + 1}">',
                 f'<transaction-type code="{ttype}"/>',
                 f'<transaction-date iso-date="{tdate}"/>',
                 f'<value{cur_attr} value-date="{vdate}">{val}</value>']
        if rng.random() < 0.4:
            j = rng.randrange(len(EN_TX))
            parts.append(f"<description>{narrative(FR_TX[j] if lang == 'fr' else EN_TX[j])}</description>")
        if ttype in ("1",):
            parts.append(f'<provider-org ref="{funder[0]}" type="{funder[1]}">{narrative(funder[2])}</provider-org>')
        else:
            parts.append(f'<receiver-org ref="{impl[0]}" type="{impl[1]}">{narrative(impl[2])}</receiver-org>')
        if tx_level:
            code = MINE if mine_tx[i] else rng.choice(OTHER_SECTORS + DECOY_SECTORS)
            parts.append(f'<sector vocabulary="1" code="{code}"/>')
        parts.append("</transaction>")
        w("".join(parts))

        tot.transactions += 1
        pct = 100 if (tx_level and mine_tx[i]) else mine_pct
        if pct > 0:
            any_mine = True
            share = Decimal(val) * pct / 100
            assert share == share.quantize(Decimal("0.01")), (val, pct)
            tot.add(ttype, tcur, share)
            for cp in country_pcts:
                tot.add_part(tcur, share * cp / 100)

    w("</iati-activity>\n")
    tot.activities += 1
    if any_mine:
        tot.ma_activities += 1
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description="Write a deterministic synthetic IATI 2.03 file (fictitious data).")
    ap.add_argument("--size-mb", type=float, required=True, help="approximate output size in MiB")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="output file path")
    ap.add_argument("--mine-share", type=float, default=0.3, help="fraction of mine-action activities (default 0.3)")
    ap.add_argument("--summary-out", help="also write the JSON summary to this file")
    a = ap.parse_args()
    if a.size_mb <= 0 or not (0.0 <= a.mine_share <= 1.0):
        ap.error("--size-mb must be > 0 and --mine-share within 0..1")

    rng = random.Random(a.seed)
    target = int(a.size_mb * MIB)
    header = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- SYNTHETIC TEST DATA generated by MineFree scripts/gen-iati.py "
        f"(seed {a.seed}, size {a.size_mb} MiB, mine share {a.mine_share}). "
        "All organisations, identifiers and amounts are fictitious. -->\n"
        '<iati-activities version="2.03" generated-datetime="2025-12-31T00:00:00Z">\n'
    ).encode("utf-8")
    footer = b"</iati-activities>\n"
    tot = Totals()
    written = 0
    with open(a.out, "wb", buffering=1 << 20) as f:
        f.write(header)
        written += len(header)
        n = 0
        while written + len(footer) < target or n == 0:
            n += 1
            chunk = activity(rng, n, a.seed, a.mine_share, tot).encode("utf-8")
            f.write(chunk)
            written += len(chunk)
        f.write(footer)
        written += len(footer)

    summary = {
        "generator": "scripts/gen-iati.py",
        "iati_version": "2.03",
        "seed": a.seed,
        "size_mb": a.size_mb,
        "mine_share": a.mine_share,
        "bytes": written,
        "activities": tot.activities,
        "transactions": tot.transactions,
        "mine_action_activities": tot.ma_activities,
        "mine_action_transactions": tot.ma_transactions,
        "mine_action_total_by_currency": {c: num(v) for c, v in sorted(tot.by_currency.items())},
        "mine_action_total_by_type_currency": {
            t: {c: num(v) for c, v in sorted(tot.by_type[t].items())}
            for t in sorted(tot.by_type, key=int)
        },
        "mine_action_transactions_by_type": {t: tot.tx_by_type[t] for t in sorted(tot.tx_by_type, key=int)},
        "mine_action_whole_unit_parts": tot.parts,
        "mine_action_whole_unit_parts_by_currency": dict(sorted(tot.whole_by_currency.items())),
        "mine_action_whole_unit_half_ties": tot.half_ties,
        "rule": "share = value * (15250 vocabulary-1 percentage) / 100; currency = value/@currency or default-currency; all transaction types summed",
    }
    text = json.dumps(summary, indent=2, sort_keys=False)
    print(text, file=sys.stderr)
    if a.summary_out:
        with open(a.summary_out, "w", encoding="utf-8") as s:
            s.write(text + "\n")


if __name__ == "__main__":
    main()
