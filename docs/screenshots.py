"""The README's screenshots, of the real app on the committed data: ``streamlit run``
on a free local port and headless Debian Chromium (Playwright), a desktop view with
the JINR article open beside the map and a 390×844 phone view. Needs the dev
requirements and /usr/bin/chromium. Run: ``python docs/screenshots.py``.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from kzatlas.paths import DATA_DIR, REPO_DIR
from kzatlas.viz import engine

OUT = REPO_DIR / "docs"
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _save(png: bytes, path: Path, width: int) -> None:
    """The PNG at ``width`` pixels, optimised (a palette would grey out small swatches)."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
    img.save(path, optimize=True)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


def main() -> int:
    events = engine.Atlas.open(DATA_DIR).all().events_frame(newest_first=False)
    jinr = events[events["partners"].map(lambda p: "Joint Institute for Nuclear Research" in p)
                  & (events["place_name"] == "Dubna")]
    event = f"?event={jinr['event_id'].iloc[0]}" if len(jinr) else ""
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO_DIR / "dashboard" / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO_DIR, env=dict(os.environ, KZATLAS_DATA=str(DATA_DIR)), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(160):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            for name, ctx_args, path, width in (
                ("desktop", {"viewport": {"width": 1400, "height": 900}}, f"{url}/{event}", 1400),
                ("phone", {"viewport": {"width": 390, "height": 844}, "user_agent": PHONE_UA, "is_mobile": True},
                 url, 390),
            ):
                ctx = browser.new_context(**ctx_args)
                page = ctx.new_page()
                page.goto(path)
                page.locator('[data-testid="stDeckGlJsonChart"]').first.wait_for(timeout=60_000)
                page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                       timeout=60_000)
                page.wait_for_timeout(4000)  # deck.gl and the reader settle
                _save(page.screenshot(), OUT / ("dashboard.png" if name == "desktop" else "phone.png"), width)
                ctx.close()
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
