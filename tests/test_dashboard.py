"""Dashboard pages render with data, with filters, and with nothing published yet (AppTest)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingestion import store
from ingestion.records import normalise_posts
from ingestion.sources.demo import generate_demo_posts
from orchestration.defs.publish.analytics import publish_analytics_db

APP = str(Path(__file__).resolve().parents[1] / "dashboards" / "app.py")


@pytest.fixture
def published(tmp_path, monkeypatch):
    """A small analytics.duckdb built from demo posts with the same SQL shape as the marts."""
    data_dir = tmp_path / "data"
    posts, _ = normalise_posts(generate_demo_posts(800), source="demo", key=b"k")
    with store.connect(data_dir / "warehouse.duckdb") as con:
        store.upsert_posts(con, "demo", posts)
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_posts as select platform || ':' || post_id as post_key, *, "
            "created_at::date as day, concat_ws(' ', title, body) as text from raw.demo_posts"
        )
        con.execute(
            "create table marts.fct_daily_volume as select day, platform, count(*) as posts, "
            "count(*) filter (where kind = 'submission') as submissions, "
            "count(*) filter (where kind = 'comment') as comments, count(distinct author_pseudonym) as authors, "
            "count(*) filter (where is_deleted) as deleted_items, bool_or(is_demo) as has_demo "
            "from marts.fct_posts group by all"
        )
        publish_analytics_db(con, data_dir / "analytics.duckdb")
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(data_dir))
    return data_dir


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_with_demo_data_shows_banner_kpis_and_chart(published):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("Synthetic demo data" in w.value for w in at.warning)
    assert _metrics(at)["Posts"] == "800" or int(_metrics(at)["Posts"].replace(",", "")) > 700
    assert len(at.get("plotly_chart")) == 1


def test_date_filter_narrows_the_numbers(published):
    at = AppTest.from_file(APP, default_timeout=60).run()
    before = int(_metrics(at)["Posts"].replace(",", ""))
    at.sidebar.date_input[0].set_value((date(2026, 2, 14), date(2026, 2, 20))).run()
    after = int(_metrics(at)["Posts"].replace(",", ""))
    assert not at.exception
    assert 0 < after < before


def test_filter_matching_nothing_says_so(published):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.multiselect[0].set_value(["reddit"]).run()
    at.sidebar.date_input[0].set_value((date(2025, 9, 1), date(2025, 9, 1))).run()
    assert not at.exception
    texts = [w.value for w in at.warning]
    assert any("No posts match" in t for t in texts) or _metrics(at)


def test_empty_installation_explains_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(tmp_path / "nothing"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("hapuswatch run" in i.value for i in at.info)
    assert not any("Synthetic" in w.value for w in at.warning)
