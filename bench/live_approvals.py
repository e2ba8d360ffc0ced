"""How fast does a waiting customer's escalation reach the manager, and the answer the till?

Starts ``posdisc serve --demo`` (waitress, its worker inside, an SQLite file in a
temporary folder), signs manager M01 in on a phone-sized and M02 on a desktop-sized
Chromium page at ``/approvals``, and cashier C07 on the till's incident page. Then, for each
of N escalations made through the HTTP API as a register would:

* **to the manager**: from just before ``POST …/decision {"action": "escalate"}`` until the
  row is in each manager's page (seen by a MutationObserver in the page);
* **to the till**: from just before the manager's ``POST …/approval`` until the cashier's
  page shows the approval.

The baseline of the same run is the server's own part: the decision POST's round trip.
Prints p50/p95 of each.

    python bench/live_approvals.py [--n 30]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("POSDISC_TEST_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHECK = {"store": "S001", "register": "R1", "cashier": "C07", "sku": "9788883701122",
         "scanned_price": "19.95", "shelf_price": "9.98", "quantity": 1}  # fmt: skip
#: Records, in the page, when each incident's row (or the till's decided state) appeared.
OBSERVER = """
window.__seen = {};
new MutationObserver(function () {
  document.querySelectorAll("tr[data-incident]").forEach(function (row) {
    var id = row.dataset.incident;
    if (!(id in window.__seen)) { window.__seen[id] = Date.now(); }
  });
  var state = document.querySelector("#check-state [data-status]");
  if (state && state.dataset.status !== "awaiting_approval" && !("till" in window.__seen)) {
    window.__seen.till = Date.now();
  }
}).observe(document, {subtree: true, childList: true});
"""


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):6.0f} ms   p95 {p95:6.0f} ms   (n={len(ordered)})"


def post(url: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as answer:
        result: dict[str, Any] = json.loads(answer.read())
        return result


def start_server(folder: Path) -> tuple[subprocess.Popen[str], str, str]:
    env = {**os.environ, "POSDISC_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"}
    server = subprocess.Popen(
        [sys.executable, "-c", "from pos_discrepancy.cli import main; main()", "serve", "--demo",
         "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    assert server.stdout is not None
    token = url = ""
    for line in server.stdout:
        if found := re.fullmatch(r"\s+([\w-]{30,})\s*", line):
            token = found.group(1)
        if found := re.search(r"Serving pos-discrepancy on (http://\S+)", line):
            url = found.group(1)
            break
    assert token and url, "the server did not start"
    return server, url, token


def sign_in(page: Page, base: str, code: str, pin: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#code", code)
    page.fill("#pin", pin)
    page.click("button[type=submit]")
    page.wait_for_selector("form.who")


def wait_seen(page: Page, key: str, timeout_s: float = 10) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        seen = page.evaluate(f"window.__seen && window.__seen[{json.dumps(key)}]")
        if seen:
            return float(seen)
        time.sleep(0.01)
    raise TimeoutError(f"{key} never appeared")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="escalations")
    n = parser.parse_args().n
    to_manager: dict[str, list[float]] = {"phone": [], "desktop": []}
    to_till: list[float] = []
    server_part: list[float] = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server, base, token = start_server(Path(folder))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            managers = {}
            for name, code, pin, size in (("phone", "M01", "2468", (390, 844)),
                                          ("desktop", "M02", "1122", (1280, 900))):  # fmt: skip
                context = browser.new_context(viewport={"width": size[0], "height": size[1]})
                page = context.new_page()
                sign_in(page, base, code, pin)
                page.goto(f"{base}/approvals")
                page.evaluate(OBSERVER)
                managers[name] = page
            till = browser.new_context().new_page()
            sign_in(till, base, "C07", "7777")
            for _ in range(n):
                incident = post(f"{base}/api/v1/checks", token, CHECK)["incident_id"]
                till.goto(f"{base}/check/{incident}")
                sent = time.time() * 1000
                post(f"{base}/api/v1/incidents/{incident}/decision", token,
                     {"action": "escalate", "cashier": "C07"})  # fmt: skip
                server_part.append(time.time() * 1000 - sent)
                for name, page in managers.items():
                    to_manager[name].append(wait_seen(page, incident) - sent)
                till.reload()  # the waiting page, watched from here on
                till.evaluate(OBSERVER)
                answered = time.time() * 1000
                post(f"{base}/api/v1/incidents/{incident}/approval", token,
                     {"manager": "M02", "pin": "1122", "approve": True})  # fmt: skip
                to_till.append(wait_seen(till, "till") - answered)
        finally:
            browser.close()
            server.terminate()
            server.wait(timeout=20)
    print(f"baseline: the decision POST (server's part)   {percentiles(server_part)}")
    for name, samples in to_manager.items():
        print(f"escalation → manager's /approvals, {name:<7}  {percentiles(samples)}")
    print(f"approval → cashier's waiting page           {percentiles(to_till)}")


if __name__ == "__main__":
    main()
