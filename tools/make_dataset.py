#!/usr/bin/env python3
"""Writes fixtures/agreements.yaml, the bundled dataset, from the hand annotations.

Reads the gold annotations of the three article sets in ../shared (seeds, devset, devset2):
every agreement annotated there becomes one record in mtrack's interchange format, with its
source (the article's title, publisher, address and date as the annotation's header gives
them), its evidence quote, and a role for each party. The 15 seed agreements are taken as they
are from tests/data/seed-agreements.yaml (same keys, same fields) and get their article's
publisher and date added to their source.

What this script decides, so that the output can be reviewed:
  - roles: from the agreement's type and which party is the funder, buyer or acquirer, read
    from the evidence sentence (ROLE_OVERRIDES settles the cases the rules get wrong);
  - dates: the annotated date is `signed` for signed and completed agreements, `announced`
    otherwise; an agreement without one stays undated;
  - country: the country of the project when the whole article is about one (COUNTRY);
  - titles: written from type, parties and minerals (the annotation has none);
  - keys: type, two party slugs and the year; a number is added when two would collide.
The YAML is committed; the project never needs ../shared to build or test.

usage: tools/make_dataset.py SHARED_DIR > fixtures/agreements.yaml
"""

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# The country of the project, per article, where the article is about one place.
COUNTRY = {
    "d01.txt": "US", "d02.txt": "BR", "d03.txt": "US", "d04.txt": "US", "d05.txt": "CA",
    "d07.txt": "AU", "d10.txt": "AU", "d12.txt": "US", "d14.txt": "AU", "d15.txt": "NA",
    "d16.txt": "CA", "d17.txt": "AR", "d18.txt": "DE", "d21.txt": "TZ", "d22.txt": "UA",
    "d23.txt": "AU", "d24.txt": "CA", "d25.txt": "US",
    "e02.txt": "AU", "e03.txt": "US", "e04.txt": "US", "e05.txt": "AR", "e06.txt": "AU",
    "e08.txt": "AU", "e09.txt": "AU", "e12.txt": "AU", "e13.txt": "US", "e14.txt": "AU",
    "e16.txt": "EE", "e17.txt": "US", "e18.txt": "UZ", "e19.txt": "US", "e21.txt": "FR",
    "e22.txt": "US", "e23.txt": "CD", "e24.txt": "CL", "e25.txt": "SA", "e26.txt": "CD",
    "e29.txt": "ZA",
}

# Names that fund, lend or govern: banks, agencies, ministries, governments, funds.
FUNDER = re.compile(
    r"\b(bank|department|ministry|agency|government|corporation for|development finance|"
    r"export|exim|jbic|nexi|jogmec|koreo|fund|office|administration|commission|council|"
    r"efa|finance|financing|capital|ukef|kexim|ksure|investment corporation|iq|investissement|"
    r"united states|european union|republic|state of|kingdom|federal|dfc|doe|dod|eib)\b",
    re.I)
GOVERNMENT = re.compile(
    r"^(united states|australia|japan|india|canada|ukraine|uzbekistan|european union|"
    r"government of .*|.* government|republic of .*|saudi arabia|korea|south korea|"
    r"democratic republic of the congo|rwanda|chile|germany|state of .*)$", re.I)

# Roles the rules get wrong, by the record's key: the roles in the annotation's party order,
# read from the article.
ROLE_OVERRIDES = {
    "offtake-toho-zinc-abra-mining": ["buyer", "seller"],           # Toho Zinc takes the lead
    "offtake-united-states-australia": ["buyer", "buyer", "seller"],  # the governments receive
    "offtake-lg-energy-electra-battery": ["buyer", "seller"],       # LG "will purchase"
    "merger-bhp-lundin-mining": ["investor", "investor", "investee"],  # jointly acquire Filo
    "investment-bhp-lundin-mining": ["investor", "investor", "investee"],
    "offtake-posco-holdings-mineral-resources-2025": ["buyer", "seller"],
    "offtake-canmax-technologies-liontown": ["buyer", "seller"],
    "offtake-japan-organization-sojitz": ["buyer", "buyer", "other", "seller"],
    "offtake-trafigura-ivanhoe-mines": ["buyer", "seller"],         # the trader "will take"
    "offtake-mercuria-ivanhoe-mines": ["buyer", "seller"],
    "loan-harmony-gold-citigroup": ["borrower", "lender", "lender", "lender"],
    "loi-export-finance-korea-trade": ["lender", "lender", "lender", "borrower"],
    "offtake-general-motors-lithium-americas": ["buyer", "seller"],  # "rights to buy"
}


def slug(s, words=2):
    s = re.sub(r"[^a-z0-9]+", " ", s.lower()).split()
    drop = {"the", "of", "inc", "ltd", "limited", "corp", "co", "llc", "plc", "s", "a", "u",
            "and", "for", "de", "group", "corporation", "company"}
    kept = [w for w in s if w not in drop] or s
    return "-".join(kept[:words])


def is_funder(name):
    return bool(FUNDER.search(name)) or bool(GOVERNMENT.match(name))


def mentions_before(evidence, name, words):
    """Whether `name` (or its first word) appears in `evidence` before one of `words`."""
    e = evidence.lower()
    first = name.lower().split()[0]
    pos = e.find(name.lower())
    if pos < 0:
        pos = e.find(first)
    if pos < 0:
        return None
    hits = [m.start() for w in words for m in re.finditer(w, e)]
    if not hits:
        return None
    return pos < min(hits)


def roles_for(a):
    parties = a["parties"]
    t = a["type"]
    ev = a.get("evidence") or ""
    if len(parties) == 1:
        return ["grantee" if t == "grant" else "borrower" if t == "loan" else
                "seller" if t == "contract" else "other"]

    def funder_split(give, take):
        funders = [is_funder(p) for p in parties]
        if any(funders) and not all(funders):
            return [give if f else take for f in funders]
        return [give] + [take] * (len(parties) - 1)

    if t == "loan":
        return funder_split("lender", "borrower")
    if t == "grant":
        return funder_split("grantor", "grantee")
    if t == "contract":
        return funder_split("buyer", "seller")
    if t == "loi":
        return funder_split("lender", "borrower") if any(map(is_funder, parties)) else \
            ["partner"] * len(parties)
    if t in ("investment", "merger"):
        # The investor or acquirer is the party named before "invest", "acquire", "buy",
        # "take a stake"; else one named after "from" or "by".
        verbs = [r"invest", r"acquir", r"\bbuy", r"\bbought", r"stake", r"purchas", r"take over",
                 r"takeover", r"subscri", r"merg", r"prepay", r"equity"]
        order = [mentions_before(ev, p, verbs) for p in parties]
        if order.count(True) == 1:
            return ["investor" if o else "investee" for o in order]
        after_from = [bool(re.search(r"\b(from|by)\s+(the\s+)?" + re.escape(p.lower().split()[0]),
                                     ev.lower())) for p in parties]
        if after_from.count(True) == 1:
            return ["investor" if f else "investee" for f in after_from]
        return funder_split("investor", "investee")
    if t == "offtake":
        # The buyer is named after "to", "with" or "from ... for" less often than the seller
        # is named first; buyers are the party "supplied" or that "buys".
        e = ev.lower()
        buyer = []
        for p in parties:
            first = re.escape(p.lower().split()[0])
            buyer.append(bool(re.search(r"(supply|supplied|supplying|sell|sold|deliver|to)\s+"
                                        r"(the\s+)?" + first, e))
                         or bool(re.search(first + r"\S*\s+(will\s+)?(buy|purchase|take|offtake|"
                                           r"receive|obtain|secure)", e)))
        if buyer.count(True) == 1:
            return ["buyer" if b else "seller" for b in buyer]
        return ["seller"] + ["buyer"] * (len(parties) - 1)
    return ["partner"] * len(parties)


TYPE_WORD = {
    "loan": "loan", "grant": "grant", "investment": "investment", "offtake": "offtake",
    "contract": "contract", "jv": "joint venture", "merger": "acquisition", "mou": "MOU",
    "framework": "framework", "partnership": "partnership", "loi": "letter of interest",
    "other": "agreement",
}


def title_for(a, roles):
    t = a["type"]
    ps = a["parties"]
    by = {}
    for p, r in zip(ps, roles):
        by.setdefault(r, p)
    minerals = a.get("minerals") or []
    what = ""
    if minerals:
        what = " (" + ", ".join(minerals[:3]) + (", …" if len(minerals) > 3 else "") + ")"
    if len(ps) == 1:
        return f"{TYPE_WORD[t].capitalize()} for {ps[0]}{what}"
    if t == "loan" and "lender" in by and "borrower" in by:
        s = f"{by['lender']} loan to {by['borrower']}"
    elif t == "grant" and "grantor" in by:
        s = f"{by['grantor']} grant to {by.get('grantee', ps[-1])}"
    elif t == "investment" and "investor" in by:
        s = f"{by['investor']} investment in {by.get('investee', ps[-1])}"
    elif t == "merger" and "investor" in by:
        s = f"{by['investor']} acquisition of {by.get('investee', ps[-1])}"
    elif t == "offtake" and "buyer" in by:
        s = f"{by.get('seller', ps[0])} supply agreement with {by['buyer']}"
    elif t == "contract" and "buyer" in by:
        s = f"{by['buyer']} contract with {by.get('seller', ps[-1])}"
    elif t == "loi" and "lender" in by:
        s = f"{by['lender']} letter of interest for {by.get('borrower', ps[-1])}"
    else:
        names = ps[0] if len(ps) == 1 else ", ".join(ps[:-1]) + " and " + ps[-1]
        s = f"{names} {TYPE_WORD[t]}"
    return s + what


def term(years):
    if years is None:
        return None
    if float(years).is_integer():
        return f"P{int(years)}Y"
    return f"P{round(float(years) * 12)}M"


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def money(m):
    if not m:
        return None
    s = f"{{amount: {m['amount']}, currency: {m['currency']}"
    if m.get("approximate"):
        s += ", approximate: true"
    return s + "}"


def date_str(d):
    return None if d is None else str(d)


def record_yaml(r):
    out = [f"  - key: {r['key']}", f"    type: {r['type']}", f"    title: {q(r['title'])}",
           f"    status: {r['status']}"]
    if r.get("binding") is not None:
        out.append(f"    binding: {'true' if r['binding'] else 'false'}")
    out.append("    parties:")
    for p, role in r["parties"]:
        out.append(f"      - {{name: {q(p)}, role: {role}}}")
    if r["minerals"]:
        out.append("    minerals: [" + ", ".join(r["minerals"]) + "]")
    for f in ("value", "ceiling"):
        if r.get(f):
            out.append(f"    {f}: {r[f]}")
    if r.get("term"):
        out.append(f"    term: {r['term']}")
    for f in ("announced", "signed"):
        if r.get(f):
            out.append(f"    {f}: {r[f]}")
    if r.get("country"):
        out.append(f"    location: {{country: {r['country']}}}")
    src = r["source"]
    out.append("    sources:")
    out.append(f"      - title: {q(src['title'])}")
    if src.get("publisher"):
        out.append(f"        publisher: {q(src['publisher'])}")
    out.append(f"        url: {q(src['url']) if src.get('url') else 'null'}")
    if src.get("published"):
        out.append(f"        published: {src['published']}")
    out.append("    evidence:")
    out.append(f"      - text: {q(r['evidence'])}")
    out.append(f"    tags: [{r['set']}]")
    return "\n".join(out)


def main():
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared")
    seed_file = ROOT / "tests/data/seed-agreements.yaml"
    seed_text = seed_file.read_text()
    seed_gold = yaml.safe_load((shared / "seeds/gold.yaml").read_text())
    used = set(re.findall(r"^  - key: (\S+)$", seed_text, re.M))
    records = []
    for name in ("devset", "devset2"):
        for art in yaml.safe_load((shared / name / "gold.yaml").read_text()):
            src = {"title": re.sub(r"\s+", " ", art["title"]).strip(),
                   "publisher": art.get("publisher"), "url": art.get("url"),
                   "published": date_str(art.get("published"))}
            for a in art.get("agreements") or []:
                roles = roles_for(a)
                date = date_str(a.get("date"))
                r = {"type": a["type"], "status": a["status"], "binding": a.get("binding"),
                     "parties": list(zip(a["parties"], roles)), "minerals": a["minerals"] or [],
                     "value": money(a.get("value")), "ceiling": money(a.get("ceiling")),
                     "term": term(a.get("term_years")), "country": COUNTRY.get(art["article"]),
                     "source": src, "evidence": a["evidence"].strip(), "set": name,
                     "title": title_for(a, roles)}
                if date:
                    r["signed" if a["status"] in ("signed", "completed") else "announced"] = date
                ps = a["parties"]
                base = "-".join(filter(None, [a["type"], slug(ps[0]),
                                              slug(ps[1]) if len(ps) > 1 else "",
                                              date[:4] if date else ""]))
                key, n = base, 2
                while key in used:
                    key, n = f"{base}-{n}", n + 1
                used.add(key)
                r["key"] = key
                if key in ROLE_OVERRIDES:
                    roles = ROLE_OVERRIDES[key]
                    r["parties"] = list(zip(a["parties"], roles))
                    r["title"] = title_for(a, roles)
                records.append(r)

    # The seed records: their sources get the publisher and date of their article.
    seed_sources = {re.sub(r"\s+", " ", art["title"]).strip(): art for art in seed_gold}
    body = seed_text.split("agreements:\n", 1)[1]
    seeds, orgs = body.split("\n# Other names", 1)

    # A source block is its "- title:" line and the deeper-indented lines after it.
    lines = seeds.split("\n")
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        m = re.match(r"^      - title: (.*)$", line)
        if not m:
            continue
        block = []
        for nxt in lines[i + 1:]:
            if not nxt.startswith("        "):
                break
            block.append(nxt)
        title = json.loads(m.group(1)) if m.group(1).startswith('"') else m.group(1)
        art = seed_sources.get(title)
        if art and art.get("published") and not any("published:" in b for b in block):
            out.append(f"        published: {art['published']}")
    seeds = "\n".join(out)

    print("# mtrack bundled dataset: every agreement annotated in the three article sets of the")
    print("# project's reference annotations (the 5 seed articles, 25 + 30 development articles),")
    print("# in the interchange format (include/mtrack/formats/interchange.hpp). Written by tools/make_dataset.py;")
    print("# each record names its article (title, publisher, address, date) and quotes the")
    print("# sentence that states it. The first 15 are the seed agreements, with their old keys.")
    print("agreements:")
    print(seeds.rstrip("\n"))
    print()
    print("\n\n".join(record_yaml(r) for r in records))
    print()
    print("# Other names" + orgs.rstrip("\n"))


if __name__ == "__main__":
    main()
