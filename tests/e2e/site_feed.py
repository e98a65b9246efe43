#!/usr/bin/env python3
"""The site's Atom feed: it parses as XML, validates against tests/e2e/atom.rng (RFC 4287 as
RELAX NG, with python3-lxml), meets the RFC's prose rules, and is stable: a rebuild of the same
data gives the same bytes, and a rebuild after one record changed gives the same entry ids with
exactly one `updated` moved (that record's). Also checks hostile text stays text in the feed.

usage: site_feed.py MTRACK FIXTURE
Exits 77 (skipped) when lxml is not installed.
"""

import os
import re
import subprocess
import sys
import tempfile

try:
    from lxml import etree
except ImportError:
    # python3-lxml installs for the system's Python; another python3 first on PATH lacks it.
    if os.path.realpath(sys.executable) != "/usr/bin/python3" and os.access("/usr/bin/python3", os.X_OK):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("skipped: python3-lxml is not installed")
    sys.exit(77)

ATOM = "{http://www.w3.org/2005/Atom}"
HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def build(mtrack, env, out):
    subprocess.run([mtrack, "-q", "site", out, "--base-url", "https://example.org/deals/"],
                   env=env, check=True)
    with open(os.path.join(out, "feed.atom"), "rb") as f:
        return f.read()


def entries(feed_bytes, schema):
    doc = etree.fromstring(feed_bytes)
    if not schema.validate(doc):
        fail(f"feed does not validate: {schema.error_log.last_error}")
    if doc.find(ATOM + "author") is None:
        fail("the feed has no author (RFC 4287 4.1.1: needed when entries have none)")
    out = {}
    for e in doc.iter(ATOM + "entry"):
        ident = e.findtext(ATOM + "id")
        if ident in out:
            fail(f"entry id {ident} twice")
        if not any(l.get("rel", "alternate") == "alternate" for l in e.iter(ATOM + "link")):
            fail(f"entry {ident} has no alternate link and no content (RFC 4287 4.1.2)")
        if not re.match(r"^tag:[a-z0-9.-]+,\d{4}:agreement/[a-z0-9_~-]+$", ident):
            fail(f"entry id is not a tag: URI made from the key: {ident}")
        out[ident] = (e.findtext(ATOM + "updated"), e.findtext(ATOM + "title"),
                      e.findtext(ATOM + "summary"))
    updated = [u for u, _, _ in out.values()]
    if doc.findtext(ATOM + "updated") != max(updated):
        fail("the feed's updated is not its newest entry's")
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    mtrack, fixture = sys.argv[1:]
    schema = etree.RelaxNG(etree.parse(os.path.join(HERE, "atom.rng")))
    with tempfile.TemporaryDirectory(prefix="mtrack-feed-") as tmp:
        env = dict(os.environ, MTRACK_DB=os.path.join(tmp, "t.db"), NO_COLOR="1", TZ="UTC")
        with open(fixture) as f:
            text = f.read()
        # A hostile record: markup, an XML end, control characters and quotes in the title.
        text = text.replace("agreements:\n", "agreements:\n  - key: hostile-feed-2025\n"
                            "    type: grant\n    title: \"]]></title><entry>\\u0007 \\\"x\\\" & <b>bold</b>\"\n"
                            "    status: signed\n    parties:\n"
                            "      - {name: \"<Evil> & Co\", role: grantee}\n"
                            "    signed: 2025-03-04\n", 1)
        data = os.path.join(tmp, "data.yaml")
        with open(data, "w") as f:
            f.write(text)
        subprocess.run([mtrack, "-q", "import", data], env=env, check=True)
        first = build(mtrack, env, os.path.join(tmp, "one"))
        a = entries(first, schema)
        count = len(subprocess.run([mtrack, "list", "--format", "jsonl"], env=env, check=True,
                                   capture_output=True, text=True).stdout.splitlines())
        if len(a) != count:
            fail(f"{len(a)} entries for {count} agreements")
        hostile = [v for k, v in a.items() if k.endswith("/hostile-feed-2025")]
        if not hostile or hostile[0][1] != "]]></title><entry>\\x07 \"x\" & <b>bold</b>":
            fail(f"the hostile title did not stay text: {hostile}")

        if build(mtrack, env, os.path.join(tmp, "two")) != first:
            fail("a rebuild of the same data gave another feed")

        # One record changes (its value); every other entry must keep its `updated`.
        changed = text.replace("value: {amount: 700000000, currency: USD}",
                               "value: {amount: 710000000, currency: USD}", 1)
        if changed == text:
            fail("the fixture lacks the record this test changes")
        with open(data, "w") as f:
            f.write(changed)
        subprocess.run([mtrack, "-q", "import", data], env=env, check=True)
        b = entries(build(mtrack, env, os.path.join(tmp, "three")), schema)
        if set(a) != set(b):
            fail("entry ids changed across rebuilds")
        moved = [k for k in a if a[k][0] != b[k][0]]
        if len(moved) != 1 or not moved[0].endswith("/loan-us-department-ioneer-2023"):
            fail(f"expected exactly the changed record's entry to move, got {moved}")
        if a[moved[0]][0][:10] != b[moved[0]][0][:10]:
            fail("updated left the day of the record's latest dated fact")
    print(f"ok: {len(a)} entries valid against atom.rng; same data, same bytes; one change moves "
          f"one entry ({moved[0]}: {a[moved[0]][0]} -> {b[moved[0]][0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
