"""A headless Chromium driven through chromedriver's W3C WebDriver HTTP API, with the standard
library only. Shared by the browser tests of tests/e2e (the HTML report, the site).

    with browser(tmp) as wd:          # None when chromium or chromedriver is missing
        wd.call("POST", "/url", {"url": "file://..."})
"""

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

SKIP = 77
CHROME_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,900",
]


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        url = self.base + (f"/session/{self.session}" if self.session else "") + path
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            fail(f"{method} {path}: {e.code} {e.read()[:400]!r}")

    def script(self, source, *args):
        return self.call("POST", "/execute/sync", {"script": source, "args": list(args)})

    def element(self, css):
        found = self.call("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(found.values()))

    def click(self, css):
        self.call("POST", f"/element/{self.element(css)}/click", {})

    def type(self, css, text):
        self.call("POST", f"/element/{self.element(css)}/value", {"text": text})

    def go(self, url):
        self.call("POST", "/url", {"url": url})

    def errors(self):
        """Console messages of level SEVERE since the last call."""
        logs = self.call("POST", "/se/log", {"type": "browser"}) or []
        return [e for e in logs if e.get("level") == "SEVERE"]

    def screenshot(self, path, width, height=None):
        """A full-page screenshot `width` pixels wide."""
        self.call("POST", "/window/rect", {"width": width, "height": 900})
        full = int(self.script("return document.documentElement.scrollHeight"))
        self.call("POST", "/window/rect", {"width": width, "height": height or min(full + 40, 8000)})
        self.script("window.scrollTo(0, 0)")
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", "/screenshot")))


def arguments(doc):
    """MTRACK FIXTURE OUT_DIR from the command line (exit 2 with `doc` otherwise); exits 77
    (skipped) when chromium or chromedriver is missing. Creates OUT_DIR."""
    if len(sys.argv) != 4:
        print(doc, file=sys.stderr)
        sys.exit(2)
    if not tools():
        print("skipped: chromium or chromedriver is not installed")
        sys.exit(SKIP)
    os.makedirs(sys.argv[3], exist_ok=True)
    return sys.argv[1:]


def tools():
    """chromium and chromedriver, or None when either is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


@contextlib.contextmanager
def browser(tmp):
    found = tools()
    if not found:
        yield None
        return
    chromium, driver = found
    port = free_port()
    proc = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wd = WebDriver(port)
    try:
        for _ in range(100):
            try:
                if wd.call("GET", "/status").get("ready"):
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.1)
        else:
            fail("chromedriver did not start")
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                "args": CHROME_ARGS + [f"--user-data-dir={os.path.join(tmp, 'profile')}"],
            },
        }}}
        wd.session = wd.call("POST", "/session", caps)["sessionId"]
        yield wd
    finally:
        if wd.session:
            try:
                wd.call("DELETE", "")
            except SystemExit:
                pass
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
