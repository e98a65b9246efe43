#!/usr/bin/env python3
"""Deterministic synthetic agreements in mtrack's interchange format.

usage: generate.py N [--format json|yaml|yaml-block|jsonl] [--seed S] [--start K] [--parties P]

Prints N agreements (keys gen-K .. gen-(K+N-1)) with a realistic mix: every type, 1-4
parties drawn from a pool of P organisations (default 50,000), 1-6 minerals, amounts in
several currencies, partial dates, a few events and tags. The same arguments always give
the same bytes. jsonl is one bare agreement object per line (for tools such as
`sqlite-utils insert --nl`), the same rows as the json document. yaml writes each agreement
as one flow mapping on its line; yaml-block writes the block style of `mtrack export` (a line
per field, nested lists indented), which a YAML reader must track indentation for.
"""
import json
import random
import sys

TYPES = ["mou", "loan", "offtake", "contract", "loi", "grant", "investment", "jv",
         "framework", "partnership", "merger", "other"]
TYPE_WEIGHTS = [14, 12, 16, 10, 5, 10, 12, 6, 2, 6, 4, 3]
STATUSES = ["proposed", "signed", "approved", "completed", "terminated", "unknown"]
STATUS_WEIGHTS = [10, 50, 15, 15, 3, 7]
ROLES = {"loan": ["lender", "borrower"], "offtake": ["buyer", "seller"],
         "contract": ["buyer", "seller"], "grant": ["grantor", "grantee"],
         "investment": ["investor", "investee"], "loi": ["lender", "borrower"]}
MINERALS = ["cobalt", "nickel", "copper", "lithium", "graphite", "manganese", "rare earths",
            "neodymium", "praseodymium", "dysprosium", "terbium", "fluorspar", "tungsten",
            "uranium", "antimony", "gallium", "germanium", "vanadium", "titanium", "tin",
            "tantalum", "zinc", "platinum", "palladium", "silver", "boron", "magnesium"]
CURRENCIES = ["USD"] * 8 + ["AUD", "CAD", "EUR", "JPY", "KRW", "GBP"]
COUNTRIES = ["US", "AU", "CA", "BR", "CL", "AR", "DE", "JP", "KR", "GB", "ZA", "TZ", "NA",
             "CD", "ID", "PH", "SE", "FI", "NO", "UA"]
WORDS = ["Lithium", "Cobalt", "Rare", "Metals", "Resources", "Mining", "Minerals", "Energy",
         "Materials", "Critical", "Northern", "Pacific", "Atlantic", "Summit", "Granite",
         "Blue", "Iron", "Silver", "Delta", "Aurora", "Meridian", "Pioneer", "Frontier"]
SUFFIXES = ["Inc.", "Ltd", "Limited", "Corp.", "LLC", "plc", "AG", "Pty Ltd", "SA", ""]


def organisation(i):
    r = random.Random(i * 7919)
    name = " ".join(r.sample(WORDS, r.choice([1, 2, 2, 3])))
    suffix = r.choice(SUFFIXES)
    return f"{name} {i} {suffix}".strip()


def partial_date(r):
    year = r.randint(2015, 2026)
    kind = r.random()
    if kind < 0.2:
        return f"{year}"
    month = r.randint(1, 12)
    if kind < 0.5:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{r.randint(1, 28):02d}"


def agreement(k, pool):
    r = random.Random(k)
    t = r.choices(TYPES, TYPE_WEIGHTS)[0]
    n_parties = r.choice([1, 2, 2, 2, 3, 4])
    roles = ROLES.get(t, ["partner", "partner"])
    parties = []
    for i, org in enumerate(r.sample(range(pool), n_parties)):
        parties.append({"name": organisation(org), "role": roles[min(i, len(roles) - 1)]})
    a = {"key": f"gen-{k}", "type": t,
         "title": f"{parties[0]['name']} {t} {k}",
         "status": r.choices(STATUSES, STATUS_WEIGHTS)[0]}
    if t in ("mou", "loi", "framework"):
        a["binding"] = False
    a["parties"] = parties
    a["minerals"] = r.sample(MINERALS, r.randint(1, 6))
    if r.random() < 0.7:
        amount = r.choice([1, 2, 5, 10, 20, 25, 50, 75, 100, 150, 200, 400, 500, 1000]) * 10**6
        if r.random() < 0.2:
            amount += r.randint(1, 99) * 10**5
        a["value"] = {"amount": amount, "currency": r.choice(CURRENCIES)}
        if r.random() < 0.15:
            a["ceiling"] = {"amount": amount * 2, "currency": a["value"]["currency"]}
    if r.random() < 0.3:
        a["term"] = f"P{r.randint(1, 20)}Y"
    date = partial_date(r)
    a["signed" if r.random() < 0.5 else "announced"] = date
    a["location"] = {"country": r.choice(COUNTRIES)}
    a["sources"] = [{"title": f"Report {k}", "url": f"https://news.example/{k}"}]
    if r.random() < 0.2:
        a["events"] = [{"date": date, "status": a["status"], "note": "announced"}]
    if r.random() < 0.3:
        a["tags"] = [r.choice(["defence", "battery", "magnet", "export-credit", "stockpile"])]
    return a


def main(argv):
    args = [a for a in argv]
    fmt, seed, start, pool = "json", 0, 0, 50000
    n = None
    i = 0
    while i < len(args):
        if args[i] == "--format":
            fmt = args[i + 1]; i += 2
        elif args[i] == "--seed":
            seed = int(args[i + 1]); i += 2
        elif args[i] == "--start":
            start = int(args[i + 1]); i += 2
        elif args[i] == "--parties":
            pool = int(args[i + 1]); i += 2
        else:
            n = int(args[i]); i += 1
    if n is None:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.stdout
    if fmt == "json":
        out.write('{"agreements":[\n')
        for k in range(start, start + n):
            a = agreement(k + seed * 10**9, pool)
            out.write(json.dumps(a, ensure_ascii=False, separators=(",", ":")))
            out.write(",\n" if k + 1 < start + n else "\n")
        out.write("]}\n")
    elif fmt == "jsonl":
        for k in range(start, start + n):
            a = agreement(k + seed * 10**9, pool)
            out.write(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n")
    elif fmt == "yaml-block":
        import yaml  # python3-yaml
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # its C emitter, when built
        out.write("agreements:\n")
        for k in range(start, start + n):
            a = agreement(k + seed * 10**9, pool)
            text = yaml.dump([a], Dumper=dumper, default_flow_style=False, sort_keys=False,
                             allow_unicode=True, width=1000)
            out.write("".join("  " + line + "\n" for line in text.splitlines()))
    else:
        out.write("agreements:\n")
        for k in range(start, start + n):
            a = agreement(k + seed * 10**9, pool)
            out.write("  - " + json.dumps(a, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
