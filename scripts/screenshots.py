"""Regenerate the user guide's screenshots (docs/screenshots/*.png) from a fresh demo.

    .venv/bin/python scripts/screenshots.py [--only NAME ...]

Builds a throwaway demo database (Kota Kupang only), serves it on a free port and drives
Debian's Chromium through Playwright. Pages that a module does not provide (yet) are
skipped with a note, so the script keeps working while the product grows.

Besides the pages of the user guide, every role's main page is taken on a phone (390 px,
`role-NAME-390.png`) and on a laptop (1366 px, `role-NAME-1366.png`). Images are reduced
to a 256-colour palette PNG (a screen of text and flat colours loses nothing visible) and
phone pages are cut at PHONE_MAX_HEIGHT, so the repository stays small.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PAMONG = str(ROOT / ".venv" / "bin" / "pamong")
PASSWORD = "pamong-demo"  # noqa: S105 - the documented demo password
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 860}
PHONE_MAX_HEIGHT = 2400

# (file name, login key, path, viewport, action)
SHOTS: list[tuple[str, str, str, dict[str, int], str]] = [
    ("login", "", "/masuk/", PHONE, ""),
    ("home-employee", "employee", "/", PHONE, ""),
    ("my-profile", "employee", "/pegawai/saya/", PHONE, ""),
    ("attendance-month", "employee", "/presensi/", PHONE, ""),
    ("tpp-slip", "employee", "/tpp/", PHONE, "first-slip"),
    ("leave-request", "employee", "/cuti/", PHONE, ""),
    ("skp-employee", "employee", "/skp/", PHONE, ""),
    ("supervisor-employees", "supervisor", "/pegawai/", DESKTOP, ""),
    ("attendance-recap", "supervisor", "/presensi/rekap/", DESKTOP, ""),
    ("opd-units", "opd_head", "/unit/", DESKTOP, ""),
    ("opd-employees", "opd_head", "/pegawai/", DESKTOP, ""),
    ("import-page", "admin", "/impor/", DESKTOP, ""),
    ("employee-list", "admin", "/pegawai/?q=a", DESKTOP, ""),
    ("employee-detail", "admin", "/pegawai/", DESKTOP, "first-employee"),
    ("tpp-policy", "admin", "/tpp/kebijakan/", DESKTOP, ""),
    ("api-tokens", "admin", "/api/tokens/", DESKTOP, ""),
    ("audit-log", "admin", "/audit/", DESKTOP, ""),
    ("complaints-staff", "admin", "/publik/pengaduan/", DESKTOP, ""),
    ("tpp-runs", "finance", "/tpp/", DESKTOP, ""),
    ("tpp-run-detail", "finance", "/tpp/", DESKTOP, "first-run"),
    ("public-complaint-form", "", "/publik/kupang/lapor/", PHONE, ""),
    ("public-survey", "", "/publik/kupang/skm/", PHONE, ""),
]

# Each role's main page, on a phone and on a laptop.
ROLE_MAIN: list[tuple[str, str, str]] = [
    ("employee", "/", ""),
    ("supervisor", "/skp/", ""),
    ("opd_head", "/kinerja/peringkat/", ""),
    ("admin", "/pegawai/", ""),
    ("finance", "/tpp/", "first-run"),
    ("approver", "/tpp/", ""),
    ("auditor", "/audit/", ""),
]
for _role, _path, _action in ROLE_MAIN:
    SHOTS.append((f"role-{_role.replace('_', '-')}-390", _role, _path, PHONE, _action))
    SHOTS.append((f"role-{_role.replace('_', '-')}-1366", _role, _path, DESKTOP, _action))

ACTIONS = {
    "first-slip": "a[href*='/tpp/slip/']",
    "first-employee": "table a[href*='/pegawai/']",
    "first-run": "a[href*='/tpp/perhitungan/']",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def optimise(path: Path) -> None:
    """A 256-colour palette PNG: about a third of the size of Chromium's RGB screenshot."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def demo_logins(env: dict[str, str]) -> dict[str, str]:
    out = subprocess.run(
        [PAMONG, "demo", "--tenant-slug", "kupang"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    logins: dict[str, str] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "kupang":
            logins[parts[1]] = parts[2]
    # Role accounts are named after their role; personas are NIP logins.
    logins.setdefault("admin", "admin.kupang")
    logins.setdefault("finance", "keuangan.kupang")
    logins.setdefault("approver", "penyetuju.kupang")
    logins.setdefault("auditor", "auditor.kupang")
    return logins


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="only these screenshot names")
    args = parser.parse_args()
    from playwright.sync_api import FloatRect, sync_playwright

    data = tempfile.mkdtemp(prefix="pamong-shots-")
    # The demo logins have no authenticator app (as in scripts/demo).
    env = {
        **os.environ,
        "PAMONG_DATA_DIR": data,
        "DATABASE_URL": f"sqlite:///{data}/db.sqlite3",
        "PAMONG_REQUIRE_2FA": "0",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([PAMONG, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([PAMONG, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    logins = demo_logins(env)
    print("logins:", logins)
    port = free_port()
    server = subprocess.Popen(
        [PAMONG, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/masuk/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for name, who, path, viewport, action in SHOTS:
                if args.only and name not in args.only:
                    continue
                context = browser.new_context(locale="id-ID", viewport=viewport)  # type: ignore[arg-type]
                page = context.new_page()
                if who:
                    page.goto(base + "/masuk/")
                    page.fill("input[name=username]", logins.get(who, who))
                    page.fill("input[name=password]", PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_load_state()
                response = page.goto(base + path)
                if action:
                    link = page.locator(ACTIONS[action]).first
                    if link.count():
                        link.click()
                        page.wait_for_load_state()
                status = response.status if response else 0
                if status >= 400 or re.search(r"/masuk/", page.url) and who:
                    print(f"skip {name}: {path} answered {status} ({page.url})")
                    context.close()
                    continue
                path_out = OUT / f"{name}.png"
                if viewport is PHONE:
                    height = min(PHONE_MAX_HEIGHT, page.evaluate("document.body.scrollHeight"))
                    clip = FloatRect(x=0, y=0, width=PHONE["width"], height=height)
                    page.screenshot(path=str(path_out), full_page=True, clip=clip)
                else:
                    page.screenshot(path=str(path_out))
                optimise(path_out)
                print(f"saved docs/screenshots/{name}.png")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
