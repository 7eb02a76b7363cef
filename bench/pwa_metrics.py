#!/usr/bin/env python3
"""What the officer's app costs a phone: bytes and requests on the first visit (until the service
worker has precached the whole app), time to the first usable screen, and how long a reload
takes with the server process really stopped.

Starts the real server (flask run over a migrated SQLite file with the demo ward, as the browser
tests do), opens Debian's Chromium at 360×640 and prints the figures. Loopback only; everything
started here is stopped here. Run from the repository root:

    python bench/pwa_metrics.py                 # 7 runs of each timing
    python bench/pwa_metrics.py --runs 11 --cpu-slowdown 4

--cpu-slowdown N also times everything with Chromium's CPU throttled N times (a cheap phone).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Let Playwright report the service worker's own requests (its precache downloads).
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.browser.live_server import DEMO_PASSWORD, LiveServer  # noqa: E402
from tests.browser.phone import sign_in  # noqa: E402

USER = "demo-officer"

# Marks, in the page's own clock (ms since the navigation started), when the app became usable:
# the shell has routed (html[data-ready]) and the login form or the kind buttons are on screen.
MARKS = """(() => {
  const marks = (window.__marks = {});
  const check = () => {
    if (marks.usable || !document.documentElement?.dataset.ready) return;
    if (document.querySelector('input[name="username"], [data-kind="meeting"]')) marks.usable = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
})();"""


class Traffic:
    """Every request of a browser context, the service worker's included, with its bytes."""

    def __init__(self, context):
        self.finished = []
        self.failed = []
        context.on("requestfinished", self._finished)
        context.on("requestfailed", lambda request: self.failed.append(request.url))

    def _finished(self, request):
        sizes = request.sizes()
        try:
            by_worker = request.frame is None
        except Exception:  # the service worker's requests have no frame
            by_worker = True
        self.finished.append({
            "url": request.url, "by_worker": by_worker,
            "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
        })

    def mark(self):
        return len(self.finished)

    def summary(self, start=0, end=None, test=lambda item: True):
        items = [i for i in self.finished[start:end] if test(i)]
        return len(items), sum(i["bytes"] for i in items)


def kb(n):
    return f"{n / 1024:,.1f} KB".replace(",", " ")


def ms(values):
    return (f"median {statistics.median(values):,.0f} ms (min {min(values):,.0f}, max {max(values):,.0f}, "
            f"n={len(values)})").replace(",", " ")


def new_phone(browser, slowdown):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(30000)
    context.add_init_script(MARKS)
    page = context.new_page()
    if slowdown > 1:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    return context, page


def usable_at(page):
    page.wait_for_function("() => window.__marks && window.__marks.usable")
    return page.evaluate("() => window.__marks.usable")


def first_visit(browser, server):
    """One fresh phone: what it downloads until it works offline, and then for signing in."""
    context, page = new_phone(browser, 1)
    traffic = Traffic(context)
    page.goto(f"{server.url}/")
    usable = usable_at(page)
    at_usable = traffic.mark()
    page.wait_for_selector("html[data-offline-ready]")
    page.wait_for_timeout(500)  # let the last answers land
    at_ready = traffic.mark()
    page.get_by_label("Tên đăng nhập").fill(USER)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector('[data-kind="meeting"]')
    page.wait_for_timeout(500)
    is_api = lambda i: "/api/" in i["url"]  # noqa: E731
    report = {
        "usable_ms": usable,
        "page_until_usable": traffic.summary(0, at_usable, lambda i: not i["by_worker"]),
        "worker_until_usable": traffic.summary(0, at_usable, lambda i: i["by_worker"]),
        "page": traffic.summary(0, at_ready, lambda i: not i["by_worker"]),
        "worker": traffic.summary(0, at_ready, lambda i: i["by_worker"]),
        "total": traffic.summary(0, at_ready),
        "sign_in_api": traffic.summary(at_ready, None, is_api),
        "sign_in_other": traffic.summary(at_ready, None, lambda i: not is_api(i)),
        "failed": list(traffic.failed),
        "twice": twice(traffic.finished[:at_ready]),
        "largest": sorted((i for i in traffic.finished[:at_ready] if i["by_worker"]),
                          key=lambda i: -i["bytes"])[:6],
    }
    context.close()
    return report


def twice(items):
    """Files the page loaded that the service worker fetched again for its cache."""
    path = lambda i: i["url"].split("/", 3)[-1]  # noqa: E731
    by_page = {path(i) for i in items if not i["by_worker"]}
    again = [i for i in items if i["by_worker"] and path(i) in by_page]
    return len(again), sum(i["bytes"] for i in again)


def time_fresh_visits(browser, server, runs, slowdown):
    times = []
    for _ in range(runs):
        context, page = new_phone(browser, slowdown)
        page.goto(f"{server.url}/")
        times.append(usable_at(page))
        context.close()
    return times


def time_reloads(browser, server, runs, slowdown):
    """Sign in once, let the service worker take over, then reload online and with the server
    process stopped; each reload is timed until the kind buttons are usable."""
    context, page = new_phone(browser, 1)
    sign_in(page, server, USER)
    page.wait_for_selector("html[data-offline-ready]")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    if slowdown > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})

    def timed():
        page.reload()
        return usable_at(page)

    timed()  # warm
    online = [timed() for _ in range(runs)]
    server.stop()
    try:
        offline = [timed() for _ in range(runs)]
        waiting = page.locator("#sync-status").inner_text()
    finally:
        server.start()
    context.close()
    return online, offline, waiting


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cpu-slowdown", type=float, default=0,
                        help="also time with the CPU throttled this many times (e.g. 4)")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        sys.exit(f"{CHROMIUM} is needed")
    check = subprocess.run([sys.executable, "scripts/build-sw-manifest.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    if check.returncode:  # the service worker would refuse to install: nothing to measure
        sys.exit(check.stdout.strip())
    workdir = Path(tempfile.mkdtemp(prefix="pwa-metrics-"))
    print(f"Preparing the server (migrate + demo ward) in {workdir} …", flush=True)
    server = LiveServer(workdir).prepare().start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            version = browser.version
            visit = first_visit(browser, server)
            speeds = [1] + ([args.cpu_slowdown] if args.cpu_slowdown > 1 else [])
            timings = {s: (time_fresh_visits(browser, server, args.runs, s),
                           *time_reloads(browser, server, args.runs, s)) for s in speeds}
            browser.close()
    finally:
        server.stop()

    print(f"\nChromium {version}, 360×640 phone profile, server on loopback (flask run, SQLite)\n")
    print("First visit of a fresh phone (nothing cached):")
    n, b = visit["page_until_usable"]
    w, wb = visit["worker_until_usable"]
    print(f"  until the login screen is usable: {n} requests, {kb(b)} (the worker had fetched {w}, {kb(wb)})")
    n, b = visit["page"]
    print(f"  the page's own requests:          {n} requests, {kb(b)}")
    n, b = visit["worker"]
    print(f"  the service worker's precache:    {n} requests, {kb(b)}")
    n, b = visit["total"]
    print(f"  total until it works offline:     {n} requests, {kb(b)}")
    n, b = visit["twice"]
    print(f"  of which the page had loaded already (the worker revalidates them): {n} files, {kb(b)}")
    print("  largest precached files: " + ", ".join(
        f"{i['url'].split('/', 3)[-1]} {kb(i['bytes'])}" for i in visit["largest"]))
    n, b = visit["sign_in_api"]
    print(f"  then signing in as {USER} (ward, groups, 60 days of own events): {n} API requests, {kb(b)}")
    n, b = visit["sign_in_other"]
    print(f"  (and {n} app files, {kb(b)}, answered by the service worker from its cache)")
    if visit["failed"]:
        print(f"  failed requests: {visit['failed']}")
    print(f"  first visit: login screen usable after {visit['usable_ms']:,.0f} ms".replace(",", " "))
    for speed, (fresh, online, offline, status) in timings.items():
        label = "full speed" if speed == 1 else f"CPU {speed:g}× slower"
        print(f"\nTimings, {label} (page clock, from navigation start to a usable screen):")
        print(f"  fresh visit, login screen:                 {ms(fresh)}")
        print(f"  signed in, reload online:                  {ms(online)}")
        print(f"  signed in, reload with the server stopped: {ms(offline)}")
        print(f"  status line while offline: {status}")


if __name__ == "__main__":
    main()
