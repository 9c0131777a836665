"""Screenshots of the main pages of the demo city, as each role sees them, on a phone (390 px)
and an office screen (1366 px), for docs/user-guide.md.

Run against a server with the demo city loaded (``make run``, or ``migrate``, ``load_demo`` and
``run_jobs`` then ``runserver``), with Debian Chromium as the browser tests use:

    .venv/bin/python docs/screenshots/take_screenshots.py [--base http://127.0.0.1:8000]

Each picture is the top of the page (or of one section, when ``section`` is given), at most
``MAX_HEIGHT`` pixels high, so every PNG stays small. The dashboard is left to its own guide
(docs/dashboard.md). Every page is checked on the way: a console error or a failed request
stops the script with a non-zero exit.
"""
import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = "demo12345"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
        "--lang=zh-CN"]  # the browser's own words (file and date inputs) in Chinese, as a user's browser shows them
MAX_HEIGHT = {390: 1400, 1366: 1000}


@dataclass(frozen=True)
class Shot:
    stem: str
    path: str  # a path, or "find:<list path>:<link prefix>" — the first such link on that list
    widths: tuple = (1366,)
    section: str | None = None  # a CSS selector scrolled to the top of the picture
    then: str | None = None  # a link prefix followed from the page first (e.g. a notice's print page)


SHOTS = {
    "staff": [
        Shot("staff-worklist", "/", (390, 1366)),
        Shot("staff-target", "find:/:/targets/", (1366,)),
        Shot("staff-target-form", "find:/:/targets/", (1366, 390), section="#observations"),
        Shot("staff-item", "find:/:/items/", (1366, 390)),  # the worklist's first item: the overdue one
        Shot("staff-item-evidence", "find:/items/?state=signed_off:/items/", (1366,), section="#evidence"),
        Shot("staff-daily-report", "/reports/daily/", (390,)),
        Shot("staff-inbox", "/inbox/", (1366,)),
    ],
    "supervisor": [
        Shot("supervisor-supervision", "/supervision/", (1366,)),
        Shot("supervisor-sign-off-queue", "/supervision/sign-off/", (1366, 390)),
        Shot("supervisor-notice-print", "find:/notices/:/notices/", (1366, 390), then="/notices/"),
    ],
    "leader": [
        Shot("leader-targets", "/targets/", (1366,)),
    ],
}


def first_link(page, base, list_path, prefix):
    page.goto(f"{base}{list_path}")
    hrefs = page.eval_on_selector_all("main a", "els => els.map(e => e.getAttribute('href'))")
    return next((h for h in hrefs if h and re.match(re.escape(prefix) + r"\d+/", h)), None)


def sign_in(page, base, login):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def take(page, base, shot, width):
    path = shot.path
    if path.startswith("find:"):
        _, list_path, prefix = path.split(":", 2)
        path = first_link(page, base, list_path, prefix)
        if path is None:
            print(f"skipped {shot.stem}: no {prefix} link on {list_path}", file=sys.stderr)
            return
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    if shot.then:
        print_link = page.eval_on_selector_all(
            "main a", "els => els.map(e => e.getAttribute('href')).filter(h => h && h.endsWith('/print/'))")
        page.goto(f"{base}{print_link[0]}")
        page.wait_for_load_state("networkidle")
    top = 0
    if shot.section:
        top = page.eval_on_selector(shot.section, "el => el.getBoundingClientRect().top + window.scrollY")
    full_height = page.evaluate("document.documentElement.scrollHeight")
    height = min(MAX_HEIGHT[width], full_height - top)
    out = HERE / f"{shot.stem}-{width}.png"
    page.screenshot(path=str(out), full_page=True, clip={"x": 0, "y": top, "width": width, "height": height})
    print(out.relative_to(HERE.parent.parent), f"{out.stat().st_size // 1024} KB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--only", help="take only the shots whose stem contains this")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=ARGS,
                                    env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:zh"})
        for login, shots in SHOTS.items():
            for width in (390, 1366):
                wanted = [s for s in shots if width in s.widths and (not args.only or args.only in s.stem)]
                if not wanted:
                    continue
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
                page = context.new_page()
                page.on("console", lambda m, who=login: problems.append(f"{who} console: {m.text}")
                        if m.type == "error" else None)
                page.on("response", lambda r, who=login: problems.append(f"{who} {r.status} {r.url}")
                        if r.status >= 400 else None)
                sign_in(page, base, login)
                for shot in wanted:
                    take(page, base, shot, width)
                context.close()
        browser.close()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
