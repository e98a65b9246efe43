#!/usr/bin/env python3
"""End-to-end test of `mtrack site` in a real headless Chromium.

Builds the site of the bundled dataset plus a few hostile records (markup, quotes and a
javascript: address in titles, party names, quotes and sources) and one merged key, then:
  - crawls from index.html: every page of the site is reached, every internal link, style
    sheet and script resolves to a file, no page has a console error, no link leaves the site
    but the sources' http(s) addresses;
  - on every page: no element or attribute made from the data (no injected script, img,
    iframe, style or on* handler, no javascript: link), and the hostile text shows as text;
  - the index table sorts (both ways, by mouse and by keyboard) and filters, and loads the
    rows it does not list itself; the search page finds an organisation by an alias;
  - at 390 px no page is wider than the window; screenshots at 1280 and 390 px are written
    to OUT_DIR (site-*.png).

usage: site_browser.py MTRACK FIXTURE OUT_DIR
Exits 77 (skipped) when chromium or chromedriver is not installed.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import deque

from webdriver import arguments, browser, fail

HOSTILE = r'''agreements:
  - key: hostile-loan-2025
    type: loan
    title: "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> \"quoted\" 'single' & </title>"
    status: signed
    parties:
      - {name: "<b onmouseover=\"window.__pwned=4\">Evil Corp</b>", role: lender}
      - {name: "Acme \"Quotes\" & <Co>", role: borrower}
    minerals: [cobalt]
    value: {amount: 5000000, currency: USD}
    signed: 2025-01-02
    location: {site: "<iframe src=\"javascript:window.__pwned=5\"></iframe>", country: US}
    sources:
      - title: "</a><a href=\"javascript:window.__pwned=6\">click me"
        publisher: "<svg onload=\"window.__pwned=7\"></svg>"
        url: "javascript:window.__pwned=3"
    evidence:
      - text: "]]></summary><script>window.__pwned=8</script> the loan was signed"
    notes: "<style>body{display:none}</style>"
    tags: ["<i>tag</i>"]
  - key: merged-away-offtake
    type: offtake
    title: Hostile-test offtake that is merged into another record
    status: signed
    parties:
      - {name: "Acme \"Quotes\" & <Co>", role: seller}
      - {name: Glencore, role: buyer}
    minerals: [nickel]
    announced: 2023-05
  - key: merge-target-offtake
    type: offtake
    title: Hostile-test offtake that keeps its key
    status: signed
    parties:
      - {name: "Acme \"Quotes\" & <Co>", role: seller}
      - {name: Glencore, role: buyer}
    minerals: [nickel]
    value: {amount: 1000000, currency: EUR}
    announced: 2023-06
'''

# Elements and attributes that only injected markup would make.
INJECTED = r"""
const bad = [];
for (const e of document.querySelectorAll('img, iframe, object, embed, style, b, i:not(.bind):not(.nonbind), form:not([role=search])')) bad.push(e.outerHTML.slice(0, 80));
for (const e of document.querySelectorAll('*')) {
  for (const a of e.attributes) if (/^on/i.test(a.name)) bad.push(e.tagName + ' ' + a.name);
}
for (const a of document.querySelectorAll('a[href]')) if (!/^(https?|file):/i.test(a.href)) bad.push('link ' + a.href);
for (const s of document.scripts) if (!/\/(assets\/site|data\/(rows|search))\.js$/.test(s.src)) bad.push('script ' + (s.src || s.textContent.slice(0, 40)));
if (window.__pwned !== undefined) bad.push('pwned ' + window.__pwned);
return bad;
"""

LINKS = """
return Array.from(document.querySelectorAll('a[href], link[href], script[src]'))
  .map(e => [e.tagName, e.href || e.src, e.className || '']);
"""

# Both in one round trip: [markup from the data, every reference of the page].
CHECK = ("const injected = (function () {" + INJECTED + "})();\n"
         "const links = (function () {" + LINKS + "})();\nreturn [injected, links];")


def run(cmd, env, **kw):
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, **kw)


def main():
    mtrack, fixture, out_dir = arguments(__doc__)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mtrack-site-") as tmp:
        env = dict(os.environ, MTRACK_DB=os.path.join(tmp, "t.db"), NO_COLOR="1", TZ="UTC")
        hostile = os.path.join(tmp, "hostile.yaml")
        with open(hostile, "w") as f:
            f.write(HOSTILE)
        run([mtrack, "-q", "import", fixture, hostile], env)
        run([mtrack, "-q", "merge", "merge-target-offtake", "merged-away-offtake", "--yes"], env)
        total = len(run([mtrack, "list", "--format", "jsonl"], env).stdout.splitlines())
        site = os.path.join(out_dir, "site")
        run([mtrack, "-q", "site", site, "--table-rows", "50", "--in", "USD"], env)
        site = os.path.realpath(site)
        root_url = "file://" + urllib.parse.quote(site)
        pages = set()
        for d, _, files in os.walk(site):
            for name in files:
                if name.endswith(".html"):
                    pages.add(os.path.relpath(os.path.join(d, name), site))
        if not os.path.exists(os.path.join(site, "a", "merged-away-offtake.html")):
            fail("no page at the merged key's address")

        with browser(tmp) as wd:
            # ---- the crawl ----
            seen, queue, checked = {"index.html"}, deque(["index.html"]), 0
            while queue:
                rel = queue.popleft()
                wd.go(root_url + "/" + urllib.parse.quote(rel))
                # The log keeps every page's messages (each names its page), so it is read
                # every 25 pages and at the end: fewer round trips.
                if len(seen) % 25 == 0 or not queue:
                    errors = wd.errors()
                    if errors:
                        fail(f"console errors (up to {rel}): {errors}")
                bad, links = wd.script(CHECK)
                if bad:
                    fail(f"{rel}: markup from the data: {bad[:5]}")
                for tag, url, cls in links:
                    parts = urllib.parse.urlsplit(url)
                    if parts.scheme in ("http", "https"):
                        if tag != "A" or "ext" not in cls.split():
                            fail(f"{rel}: a reference outside the site: {url}")
                        continue
                    if parts.scheme != "file":
                        fail(f"{rel}: link with scheme {parts.scheme}: {url}")
                    path = os.path.realpath(urllib.parse.unquote(parts.path))
                    if not path.startswith(site + os.sep) and path != site:
                        fail(f"{rel}: link outside the site folder: {url}")
                    if not os.path.isfile(path):
                        fail(f"{rel}: broken link {url}")
                    checked += 1
                    target = os.path.relpath(path, site)
                    if target.endswith(".html") and target not in seen:
                        seen.add(target)
                        queue.append(target)
            if seen != pages:
                fail(f"pages not reached from the index: {sorted(pages - seen)[:10]}")

            # ---- hostile text shows as text ----
            wd.go(root_url + "/a/hostile-loan-2025.html")
            body = wd.script("return document.body.innerText")
            for text in ("<script>window.__pwned=1</script>", "<b onmouseover=", "Acme \"Quotes\" & <Co>",
                         "javascript:window.__pwned=3", "<style>body{display:none}</style>"):
                if text not in body:
                    fail(f"hostile text not shown as text: {text!r}")
            # The merged key's address leads to the record that kept its key.
            wd.go(root_url + "/a/merged-away-offtake.html")
            for _ in range(50):
                if wd.script("return location.pathname").endswith("/a/merge-target-offtake.html"):
                    break
                time.sleep(0.1)
            else:
                fail("the merged key's page does not lead to the record")

            # ---- the index table: lazy rows, sort, filter, keyboard ----
            wd.go(root_url + "/index.html")
            listed = wd.script("return document.querySelectorAll('#agreements tbody tr').length")
            if listed != 50:
                fail(f"the index lists {listed} rows itself, expected 50 (--table-rows)")
            values = ("return Array.from(document.querySelectorAll('#agreements tbody tr'))"
                      ".map(r => Number(r.cells[5].getAttribute('data-sort')))")
            wd.click("#agreements th:nth-child(6)")
            for _ in range(100):
                if wd.script("return document.querySelector('#agreements').getAttribute('data-loaded')"):
                    break
                time.sleep(0.05)
            rows = wd.script("return document.querySelectorAll('#agreements tbody tr').length")
            if rows != total:
                fail(f"after loading, the table has {rows} rows, expected {total}")
            up = wd.script(values)
            if up != sorted(up):
                fail("values not ascending after one click")
            wd.click("#agreements th:nth-child(6)")
            down = wd.script(values)
            if down != sorted(up, reverse=True):
                fail("values not descending after two clicks")
            titles = ("return Array.from(document.querySelectorAll('#agreements tbody tr'))"
                      ".map(r => r.cells[1].textContent.toLowerCase())")
            th = wd.element("#agreements th:nth-child(2)")
            wd.call("POST", f"/element/{th}/value", {"text": "\ue007"})  # Enter
            t = wd.script(titles)
            if t != sorted(t):
                fail("titles not in order after Enter on their header")
            if wd.script("return document.activeElement.textContent") != "Title":
                fail("the header did not keep the keyboard focus")
            wd.type("#agreements-filter", "cobalt")
            shown = wd.script("return Array.from(document.querySelectorAll('#agreements tbody tr'))"
                              ".filter(r => !r.hidden).map(r => r.textContent.toLowerCase())")
            if not shown or len(shown) >= total or any("cobalt" not in r for r in shown):
                fail(f"filter 'cobalt' shows {len(shown)} rows")
            counter = wd.script("return document.getElementById('agreements-shown').textContent")
            if counter != f"{len(shown)} of {total} shown":
                fail(f"counter reads {counter!r}")
            links = wd.script("return Array.from(document.querySelectorAll('#agreements tbody tr:not([hidden]) a')).map(a => a.href)")
            for url in links:
                if not os.path.isfile(urllib.parse.unquote(urllib.parse.urlsplit(url).path)):
                    fail(f"a row loaded by the script links nowhere: {url}")
            if wd.errors():
                fail("console errors after using the table")

            # ---- search: an organisation by its alias ----
            wd.go(root_url + "/search.html?q=USSM")
            for _ in range(100):
                found = wd.script("return Array.from(document.querySelectorAll('#results a'))"
                                  ".map(a => [a.textContent, a.getAttribute('href')])")
                if found:
                    break
                time.sleep(0.05)
            if ["US Strategic Metals", "org/us-strategic-metals.html"] not in found:
                fail(f"search for the alias USSM does not find the organisation: {found[:5]}")
            wd.call("POST", f"/element/{wd.element('#q')}/clear", {})
            wd.type("#q", "ionicre")
            found = wd.script("return Array.from(document.querySelectorAll('#results a')).map(a => a.textContent)")
            if "Ionic Rare Earths Limited" not in found:
                fail(f"search for the alias IonicRE finds {found[:5]}")
            if wd.errors():
                fail("console errors on the search page")

            # ---- narrow screens, screenshots ----
            shots = []
            for rel, name in (("index.html", "index"), ("a/exim-ussm-loan-2024.html", "agreement"),
                              ("org/us-strategic-metals.html", "organisation"),
                              ("search.html?q=cobalt", "search")):
                for width in (1280, 390):
                    wd.go(root_url + "/" + rel)
                    time.sleep(0.1)
                    wd.call("POST", "/window/rect", {"width": width, "height": 900})
                    inner = wd.script("return window.innerWidth")
                    wide = wd.script("return document.documentElement.scrollWidth")
                    if wide > inner:
                        fail(f"{rel} at {width} px is {wide} px wide (window {inner})")
                    shot = os.path.join(out_dir, f"site-{name}-{width}.png")
                    wd.screenshot(shot, width)
                    shots.append(shot)
    print(f"ok: crawled {len(seen)} pages ({checked} links resolved), no console errors, no markup "
          f"from the data; table sorts, filters and loads {total} rows; search finds by alias; "
          f"screenshots {', '.join(shots)}; {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
