"""The real app in a real browser: `streamlit run` on a free port, every page visited in headless Chromium.

Marker ``browser``. Skips (with the reason) only when no Chromium is installed. With
``HAPUSWATCH_SCREENSHOTS=1`` it saves ``docs/screenshots/<page>.png`` for the README.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_marts_published import shared_published_db

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPO_ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
# read at import: the autouse fixture in conftest.py clears HAPUSWATCH_* variables before each test
TAKE_SCREENSHOTS = os.environ.get("HAPUSWATCH_SCREENSHOTS") == "1"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# url path -> (page name for the screenshot, a heading the page must show, plotly charts it must draw at least)
PAGES = {
    "": ("overview", "overview", 1),
    "movement": ("movement", "Movement", 3),
    "themes": ("themes", "Themes", 1),
    "sentiment": ("sentiment", "Sentiment", 3),
    "posts": ("posts", "Posts", 0),
    "data": ("data", "Data", 0),
    "label": ("label", "Label posts", 0),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_dashboard(data_dir: Path, workdir: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run dashboards/app.py`` on a free port over ``data_dir``; yields its URL once healthy."""
    port = _free_port()
    env = {**os.environ, "HAPUSWATCH_DATA_DIR": str(data_dir), **(extra_env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboards" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        env=env, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        # wait for the server's health endpoint, not a fixed sleep
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"streamlit did not start: {out[-2000:]}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed ({CHROMIUM} missing): apt-get install chromium")
    analytics = shared_published_db(tmp_path_factory)
    with running_dashboard(analytics.parent, tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_without_errors(app_url, browser_page, path):
    name, heading, min_charts = PAGES[path]
    page = browser_page
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
    page.get_by_role("heading", level=1).filter(has_text=heading).first.wait_for(timeout=30_000)
    if min_charts:
        page.locator(".js-plotly-plot").nth(min_charts - 1).wait_for(timeout=30_000)
    # let the script finish its run before checking for exceptions
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Synthetic demo data" in page.inner_text("body")
    assert page.locator(".js-plotly-plot").count() >= min_charts
    if path == "posts":
        page.locator("[data-testid='stText']").first.wait_for(timeout=30_000)
    if path == "data":
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    if path == "data":
        page.get_by_text("dbt docs generate").first.wait_for(timeout=30_000)
    if TAKE_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(500)  # plotly finishes its transition after the DOM node exists
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_navigation_lists_every_page(app_url, browser_page):
    browser_page.goto(app_url, wait_until="domcontentloaded")
    nav = browser_page.locator("[data-testid='stSidebarNav']")
    nav.wait_for(timeout=30_000)
    text = nav.inner_text()
    for title in ("Overview", "Movement", "Themes", "Sentiment", "Posts", "Data", "Label"):
        assert title in text


def test_posts_page_shows_text_first_wrapped_inside_the_page(app_url, browser_page):
    """Each post's text is the first thing of its card, inside the viewport's width, wrapped over lines."""
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/posts", wait_until="domcontentloaded")
    texts = page.locator("[data-testid='stText']")
    texts.first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    boxes = [texts.nth(i).bounding_box() for i in range(min(texts.count(), 25))]
    assert len(boxes) == 25
    first = boxes[0]
    assert first["x"] < 500 and first["x"] + first["width"] <= 1400  # left, not an off-screen 9th column
    # a long post wraps: narrow the window and the same text needs more lines, never a horizontal scroll
    longest = max(range(len(boxes)), key=lambda i: len(texts.nth(i).inner_text()))
    wide_height = texts.nth(longest).bounding_box()["height"]
    page.set_viewport_size({"width": 700, "height": 1000})
    page.wait_for_timeout(300)
    narrow = texts.nth(longest)
    assert narrow.bounding_box()["height"] > wide_height
    assert narrow.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_event_labels_never_sit_on_the_bars(app_url, browser_page):
    """Events are short numbers above the plot (full titles in the table below), not cut titles over bars."""
    page = browser_page
    page.goto(app_url, wait_until="domcontentloaded")
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    labels = page.locator(".js-plotly-plot .annotation-text")
    texts = [labels.nth(i).text_content() for i in range(labels.count())]
    assert texts and all(t.startswith("E") and t[1:].isdigit() for t in texts)
    plot_top = page.locator(".js-plotly-plot .draglayer .nsewdrag").first.bounding_box()["y"]
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert box["y"] + box["height"] <= plot_top + 2  # above the plotting area
