"""Screenshots of the main pages of the demo city, as each role sees them, on a phone (390 px)
and an office screen (1366 px), for docs/user-guide.md.

Run against a server started by ``make run`` (Debian Chromium, as the browser tests use):

    .venv/bin/python docs/screenshots/take_screenshots.py [--base http://127.0.0.1:8000]

Every page is checked on the way: a console error or a failed request stops the script.
"""
import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = "demo12345"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# (login, [(file stem, path or a callable that finds it on the page)])
PAGES = {
    "staff": [("staff-worklist", "/"), ("staff-target", "first-target"), ("staff-item", "first-item"),
              ("staff-daily-report", "/reports/daily/"), ("staff-inbox", "/inbox/")],
    "supervisor": [("supervisor-supervision", "/supervision/"), ("supervisor-sign-off-queue", "/supervision/sign-off/"),
                   ("supervisor-flags", "/flags/"), ("supervisor-targets", "/targets/"), ("supervisor-funds", "/funds/")],
    "leader": [("leader-dashboard", "/dashboard/"), ("leader-bulletins", "/bulletins/")],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=ARGS)
        for login, pages in PAGES.items():
            for width in (390, 1366):
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
                page = context.new_page()
                page.on("console", lambda m, who=login: problems.append(f"{who} console: {m.text}")
                        if m.type == "error" else None)
                page.on("response", lambda r, who=login: problems.append(f"{who} {r.status} {r.url}")
                        if r.status >= 400 else None)
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", login)
                page.fill("input[name=password]", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_load_state("networkidle")
                for stem, path in pages:
                    if path in ("first-target", "first-item"):
                        page.goto(f"{base}/")
                        kind = "/targets/" if path == "first-target" else "/items/"
                        hrefs = page.eval_on_selector_all("table.table a", "els => els.map(e => e.getAttribute('href'))")
                        path = next((h for h in hrefs if h.startswith(kind)), None)
                        if path is None:
                            continue
                    response = page.goto(f"{base}{path}")
                    if response.status == 404 and path in ("/dashboard/", "/bulletins/"):
                        continue
                    page.wait_for_load_state("networkidle")
                    out = HERE / f"{stem}-{width}.png"
                    page.screenshot(path=str(out), full_page=width == 1366)
                    print(out.relative_to(HERE.parent.parent))
                context.close()
        browser.close()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
