"""Screenshots of the demo for docs/screenshots/: builds the demo in a throw-away data directory,
serves it, and photographs each page in PAGES at desktop width and on a 390 px phone with the
Debian Chromium (Playwright). Run: `uv run python scripts/screenshots.py [--only NAME ...]`.

Add pages to PAGES: public pages by host (each demo site answers at its *.localhost name, which
Chromium maps to this machine) and, later, staff pages with ``login=True`` (signed in as the
demo operator or the demo account named in ``user``, whose password the demo prints once and this
script reads from its output)."""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
VIEWS: dict[str, Any] = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@dataclass(frozen=True)
class Shot:
    name: str  # file name stem: <name>-<view>.png
    host: str
    path: str  # a path, or "first-item" for the first item linked from the host's home page
    login: bool = False
    user: str = "demo-operator"
    # From the page at path, in turn: open the first link a CSS selector finds, or a relative URL ("./edit/").
    follow: tuple[str, ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()  # reading aids: gk_script=hant, gk_font=l, gk_care=1


SITES = [
    ("shicheng", "shicheng.localhost"),
    ("wjw", "wjw.shicheng.localhost"),
    ("qinjiang", "qinjiang.shicheng.localhost"),
]
PAGES = [
    *(Shot(f"site-{key}-home", host, "/") for key, host in SITES),
    *(Shot(f"site-{key}-item", host, "first-item") for key, host in SITES),
    Shot("site-shicheng-xxgk", "shicheng.localhost", "/org/shicheng/xxgk/"),
    Shot("site-wjw-guide", "wjw.shicheng.localhost", "/org/shicheng-wjw/xxgk/guide/"),
    # Reading aids: the 繁體 view and the 适老化 mode (large type) of an item page.
    Shot("site-wjw-item-hant", "wjw.shicheng.localhost", "first-item", cookies=(("gk_script", "hant"),)),
    Shot("site-wjw-item-care", "wjw.shicheng.localhost", "first-item", cookies=(("gk_care", "1"), ("gk_font", "l"))),
    Shot("site-shicheng-website-report", "shicheng.localhost", "/org/shicheng/website-reports/2025/"),
    # What a clerk sees (signed in as the demo operator, who sees every module).
    Shot("staff-home", "localhost", "/staff/", login=True),
    Shot("staff-foi", "localhost", "/staff/foi/", login=True),
    Shot("staff-participation", "localhost", "/staff/participation/", login=True),
    Shot("staff-supervision", "localhost", "/staff/supervision/", login=True),
    Shot("staff-inspection", "localhost", "/staff/inspection/", login=True),
    Shot("staff-people", "localhost", "/staff/people/", login=True),
    # The guided case pages, the editor and the office's charts, reached as a clerk reaches them.
    Shot(
        "staff-foi-case",
        "localhost",
        "/staff/foi/",
        login=True,
        user="demo-foi",
        follow=('main a[href^="/staff/foi/cases/"]',),
    ),
    Shot("staff-publication", "localhost", "/staff/", login=True, follow=('main a[href^="/staff/publications/"]',)),
    Shot(
        "staff-publication-edit",
        "localhost",
        "/staff/",
        login=True,
        follow=('main a[href^="/staff/publications/"]', "./edit/"),
    ),
    Shot(
        "staff-overview",
        "localhost",
        "/staff/",
        login=True,
        user="demo-admin",  # the county's admin reaches the office overview from the 工作台
        follow=('main a[href^="/staff/overview/orgs/"]',),
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=[], help="只拍这些名称的页面")
    args = parser.parse_args()
    shots = [s for s in PAGES if not args.only or s.name in args.only]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-shots-") as data:
        env = {
            **os.environ,
            "GONGKAI_DATA_DIR": data,
            "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.dev",
            "ALLOWED_HOSTS": ".localhost,127.0.0.1,localhost",
        }
        env.pop("DATABASE_URL", None)  # always a fresh SQLite demo, never someone's database
        built = subprocess.run(
            [sys.executable, "-m", "gongkai", "demo", "--no-serve"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        passwords = dict(re.findall(r"账号 (\S+)\s+密码 (\S+)", built.stdout))
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (fixed arguments, our own interpreter)
            [sys.executable, "-m", "gongkai", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(server, port)
            shoot(shots, port, passwords)
        finally:
            server.terminate()
            server.wait(timeout=10)


def wait_for(server: subprocess.Popen[bytes], port: int, *, seconds: float = 300) -> None:
    """Until the dev server answers (its start-up checks take a while on a busy machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"开发服务器已退出（返回码 {server.returncode}）。")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit("开发服务器未能在规定时间内启动。")


def shoot(shots: list[Shot], port: int, passwords: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--host-resolver-rules=MAP *.localhost 127.0.0.1"],
        )
        for view, viewport in VIEWS.items():
            context = browser.new_context(viewport=viewport, locale="zh-CN")
            page = context.new_page()
            for shot in shots:
                base = f"http://{shot.host}:{port}"
                context.clear_cookies()
                if shot.cookies:
                    context.add_cookies(
                        [{"name": k, "value": v, "domain": shot.host, "path": "/"} for k, v in shot.cookies]
                    )
                if shot.login:
                    page.goto(base + "/staff/login/")
                    page.get_by_label("用户名").fill(shot.user)
                    page.get_by_label("密码").fill(passwords[shot.user])
                    page.keyboard.press("Enter")
                    page.wait_for_url("**/staff/")  # the 工作台, not the login page itself
                if shot.path == "first-item":
                    page.goto(base + "/")
                    page.locator("main .item-list a").first.click()
                    page.wait_for_url("**/info/**")
                else:
                    page.goto(base + shot.path)
                for step in shot.follow:
                    if step.startswith("./"):
                        page.goto(urljoin(page.url, step))
                    else:
                        page.locator(step).first.click()
                    page.wait_for_load_state("networkidle")
                target = OUT / f"{shot.name}-{view}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target.relative_to(ROOT))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
