"""The /label page in headless Chromium: keyboard labelling writes the pending file and moves on.

Marker ``browser``; skips only when Chromium is missing. Uses its own copy of the published DB so the
labels it writes never reach other tests.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, running_dashboard
from test_marts_published import shared_published_db

from ingestion import labels as L

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def label_app(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed ({CHROMIUM} missing): apt-get install chromium")
    data_dir = tmp_path_factory.mktemp("label_browser") / "data"
    data_dir.mkdir()
    shutil.copy(shared_published_db(tmp_path_factory), data_dir / "analytics.duckdb")
    with running_dashboard(data_dir, tmp_path_factory.mktemp("label_app"), {"HAPUSWATCH_LABEL_TARGET": "50"}) as url:
        yield url, data_dir


def _shown_key(page) -> str:
    caption = page.locator("[data-testid='stCaptionContainer']").filter(has_text=re.compile(r" UTC · \w+:demo_")).first
    caption.wait_for(timeout=90_000)  # a rerun under load can take a while
    return caption.inner_text().rsplit(" · ", 1)[-1].strip()


def _next_key(page, previous: str) -> str:
    """The post shown once the page moved on from ``previous`` (a rerun takes a moment)."""
    deadline = time.monotonic() + 90
    while (key := _shown_key(page)) == previous and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return key


def _settled(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def test_label_page_with_the_keyboard(label_app):
    from playwright.sync_api import sync_playwright

    url, data_dir = label_app
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/label", wait_until="domcontentloaded")
        page.get_by_role("heading", level=1).filter(has_text="Label posts").first.wait_for(timeout=30_000)
        _settled(page)
        page.get_by_text("0 / 50 posts labelled").first.wait_for(timeout=30_000)  # progress
        assert L.STANCE_DEFINITIONS["urges"] in page.inner_text("body")  # the codebook is on the page
        first = _shown_key(page)
        page.get_by_role("heading", level=1).first.click()  # focus the page, not an input
        page.keyboard.press("9")  # sentiment: negative
        # the pick shows as "✓ negative" once its rerun is done; pressing on before that loses it under load
        page.get_by_role("button", name="✓ negative").first.wait_for(timeout=90_000)
        _settled(page)
        page.keyboard.press("2")  # stance: intends (saves, shows the next post)
        page.get_by_text("1 / 50 posts labelled").first.wait_for(timeout=30_000)
        second = _next_key(page, first)
        _settled(page)  # a key pressed while the save's rerun is still running is lost (seen once in CI)
        page.keyboard.press("s")  # skip
        third = _next_key(page, second)
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()
    assert len({first, second, third}) == 3
    pending = L.read_pending_labels(data_dir)
    assert pending[["post_id", "stance", "sentiment"]].values.tolist() == [[first.split(":")[1], "intends", "negative"]]
