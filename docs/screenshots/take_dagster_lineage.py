"""Retake docs/screenshots/dagster-lineage.png: serve the Dagster UI on a data dir and screenshot the lineage.

    .venv/bin/python docs/screenshots/take_dagster_lineage.py [DATA_DIR]

DATA_DIR defaults to $HAPUSWATCH_DATA_DIR or ./data (run `hapuswatch run` first so the graph shows
materialisations). Uses Debian's Chromium through Playwright, like tests/test_browser.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
OUT = REPO_ROOT / "docs" / "screenshots" / "dagster-lineage.png"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    data_dir = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HAPUSWATCH_DATA_DIR", "data")).resolve()
    port = _free_port()
    env = {**os.environ, "HAPUSWATCH_DATA_DIR": str(data_dir), "DAGSTER_HOME": str(data_dir / "dagster_home")}
    webserver = Path(sys.executable).parent / "dagster-webserver"
    proc = subprocess.Popen(
        [str(webserver), "-m", "orchestration.definitions", "-h", "127.0.0.1", "-p", str(port)],
        env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/server_info", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    print("dagster-webserver did not start", file=sys.stderr)
                    return 1
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(f"{url}/asset-groups", wait_until="domcontentloaded")
            page.get_by_text("publish", exact=True).first.wait_for(timeout=120_000)
            skip = page.get_by_role("button", name="Skip")  # the first-visit community dialog
            try:
                skip.first.wait_for(timeout=10_000)
                skip.first.click()
            except Exception:  # noqa: BLE001 - no dialog on an instance that has seen it
                pass
            # open every group so the screenshot shows the assets, not only the group boxes
            sidebar_right = page.get_by_placeholder("Jump to…").bounding_box()
            for group in ("raw", "staging", "intermediate", "enrichment", "topics", "marts", "publish"):
                for node in page.get_by_text(group, exact=True).all():
                    box = node.bounding_box()
                    if box and sidebar_right and box["x"] > sidebar_right["x"] + 260:
                        node.click()
                        page.wait_for_timeout(800)
                        break
            # the expanded groups are remembered: a reload lays the whole graph out to fit the window
            page.reload(wait_until="domcontentloaded")
            page.get_by_text("analytics_db", exact=True).first.wait_for(timeout=120_000)
            toggle = page.get_by_title("Hide sidebar")
            if toggle.count():
                toggle.first.click()
            page.wait_for_timeout(3000)  # layout animation
            page.screenshot(path=str(OUT))
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
