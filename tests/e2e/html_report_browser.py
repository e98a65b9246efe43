#!/usr/bin/env python3
"""End-to-end test of the HTML report in a real headless Chromium.

Runs the built mtrack on the fixtures to write report.html, drives Chromium through
chromedriver's W3C WebDriver HTTP API (standard library only), and checks: no console
errors, one table row per agreement, sorting by a header click (both directions), the
filter box, and the charts. Writes a screenshot next to the report.

usage: html_report_browser.py MTRACK FIXTURE OUT_DIR
Exits 77 (skipped) when chromium or chromedriver is not installed.
"""

import base64
import os
import subprocess
import sys
import tempfile
import time

from webdriver import arguments, browser, fail


def main():
    mtrack, fixture, out_dir = arguments(__doc__)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mtrack-browser-") as tmp:
        env = dict(os.environ, MTRACK_DB=os.path.join(tmp, "t.db"), NO_COLOR="1", TZ="UTC")
        subprocess.run([mtrack, "-q", "import", fixture], env=env, check=True)
        expected = len(subprocess.run([mtrack, "list", "--format", "jsonl"], env=env, check=True,
                                      capture_output=True, text=True).stdout.splitlines())
        html = subprocess.run([mtrack, "report", "--format", "html", "--by", "type"], env=env,
                              check=True, capture_output=True).stdout
        page = os.path.join(out_dir, "report.html")
        with open(page, "wb") as f:
            f.write(html)
        if b"http://" in html or b"https://" in html or b" src=" in html:
            fail("the page refers to something outside itself")

        with browser(tmp) as wd:
            wd.call("POST", "/url", {"url": "file://" + os.path.abspath(page)})

            logs = wd.call("POST", "/se/log", {"type": "browser"}) or []
            errors = [e for e in logs if e.get("level") == "SEVERE"]
            if errors:
                fail(f"console errors: {errors}")

            rows = wd.script("return document.querySelectorAll('#agreements tbody tr').length")
            if rows != expected:
                fail(f"table has {rows} rows, expected {expected}")
            bars = wd.script("return document.querySelectorAll('figure svg rect').length")
            if bars < 2:
                fail(f"charts have {bars} bars")

            # Value is the sixth column; its cells sort by the amount in data-sort.
            values = ("return Array.from(document.querySelectorAll('#agreements tbody tr'))"
                      ".map(r => Number(r.cells[5].getAttribute('data-sort')))")
            wd.click("#agreements th:nth-child(6)")
            up = wd.script(values)
            if up != sorted(up):
                fail(f"not ascending after one click: {up}")
            wd.click("#agreements th:nth-child(6)")
            down = wd.script(values)
            if down != sorted(up, reverse=True):
                fail(f"not descending after two clicks: {down}")
            state = wd.script("return document.querySelector('#agreements th:nth-child(6)')"
                              ".getAttribute('aria-sort')")
            if state != "descending":
                fail(f"aria-sort is {state!r}")
            titles = ("return Array.from(document.querySelectorAll('#agreements tbody tr'))"
                      ".map(r => r.cells[1].textContent.toLowerCase())")
            wd.click("#agreements th:nth-child(2)")
            t = wd.script(titles)
            if t != sorted(t):
                fail("titles not in order after a click")

            box = wd.element("#filter")
            wd.call("POST", f"/element/{box}/value", {"text": "cobalt"})
            shown = wd.script("return Array.from(document.querySelectorAll('#agreements tbody tr'))"
                              ".filter(r => !r.hidden).map(r => r.textContent.toLowerCase())")
            if not shown or len(shown) >= expected or any("cobalt" not in r for r in shown):
                fail(f"filter 'cobalt' shows {len(shown)} rows")
            counter = wd.script("return document.getElementById('shown').textContent")
            if counter != f"{len(shown)} of {expected} shown":
                fail(f"counter reads {counter!r}")
            wd.call("POST", f"/element/{box}/clear", {})
            wd.script("document.getElementById('filter').dispatchEvent(new Event('input'))")
            wd.click("#agreements th:nth-child(1)")

            logs = wd.call("POST", "/se/log", {"type": "browser"}) or []
            errors = [e for e in logs if e.get("level") == "SEVERE"]
            if errors:
                fail(f"console errors after interaction: {errors}")

            height = wd.script("return document.documentElement.scrollHeight")
            wd.call("POST", "/window/rect", {"width": 1280, "height": min(int(height) + 40, 6000)})
            wd.script("window.scrollTo(0, 0)")
            png = base64.b64decode(wd.call("GET", "/screenshot"))
            shot = os.path.join(out_dir, "report.png")
            with open(shot, "wb") as f:
                f.write(png)
    print(f"ok: {rows} rows, sort and filter work, no console errors; {len(html)} bytes of HTML; "
          f"screenshot {shot}; {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
