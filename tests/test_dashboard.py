"""Every dashboard page renders (AppTest) with data, with filters, without topics and with nothing published."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from test_marts_published import shared_published_db

APP = str(Path(__file__).resolve().parents[1] / "dashboards" / "app.py")
PAGES = {
    "overview": "app_pages/overview.py",
    "movement": "app_pages/movement.py",
    "themes": "app_pages/themes.py",
    "sentiment": "app_pages/sentiment.py",
    "posts": "app_pages/posts.py",
    "data": "app_pages/data.py",
}


@pytest.fixture
def published(tmp_path_factory, monkeypatch) -> Path:
    analytics = shared_published_db(tmp_path_factory)
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(analytics.parent))
    return analytics


@pytest.fixture
def published_without_topics(tmp_path, published, monkeypatch) -> Path:
    """The same DB before the topics step existed: no dim_topics / fct_topic_daily."""
    data_dir = tmp_path / "no_topics"
    data_dir.mkdir()
    copy = data_dir / "analytics.duckdb"
    shutil.copy(published, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table marts.dim_topics")
        con.execute("drop table marts.fct_topic_daily")
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(data_dir))
    return copy


def _page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    if name != "overview":
        at.switch_page(PAGES[name]).run()
    return at


def _metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value.replace(",", "")) for m in at.metric if m.value.replace(",", "").isdigit()}


def _texts(elements) -> str:
    return " ".join(e.value for e in elements)


def _charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def test_overview_shows_banner_kpis_volume_with_events_and_spikes(published):
    at = _page("overview")
    assert not at.exception
    assert "Synthetic demo data" in _texts(at.warning)
    kpi = _metrics(at)
    with duckdb.connect(str(published), read_only=True) as con:
        posts, deleted = con.execute(
            "select count(*), count(*) filter (where stance = 'deleted') from marts.fct_posts"
        ).fetchone()
        spikes = con.execute("select count(*) from marts.fct_spikes").fetchone()[0]
    assert kpi["Posts"] == posts
    assert kpi["Says deleted"] == deleted
    assert _charts(at) == 1
    events_table, spikes_table = at.dataframe[0].value, at.dataframe[1].value
    assert len(spikes_table) == spikes > 0
    assert events_table["title"].str.contains("Meta AI").any()  # the events list names the AI-ads events


def test_date_and_language_filters_narrow_the_numbers(published):
    at = _page("overview")
    before = _metrics(at)["Posts"]
    at.sidebar.date_input[0].set_value((date(2026, 2, 14), date(2026, 2, 20))).run()
    after_dates = _metrics(at)["Posts"]
    at.sidebar.multiselect[1].set_value(["en"]).run()
    after_lang = _metrics(at)["Posts"]
    assert not at.exception
    assert 0 < after_lang < after_dates < before
    assert "language filter does not apply" in _texts(at.caption)


def test_filters_matching_nothing_say_so_and_no_page_breaks(published):
    with duckdb.connect(str(published), read_only=True) as con:
        # a day with posts but none in English: the language filter then matches nothing
        day = con.execute(
            "select day from marts.fct_posts group by day having count(*) filter (where lang = 'en') = 0 "
            "order by day limit 1"
        ).fetchone()[0]
    at = _page("overview")
    at.sidebar.date_input[0].set_value((day, day)).run()
    at.sidebar.multiselect[1].set_value(["en"]).run()
    assert not at.exception
    assert "No posts match" in _texts(at.warning)
    for name in ("movement", "themes", "sentiment", "posts", "data"):
        at.switch_page(PAGES[name]).run()
        assert not at.exception, name
    at.switch_page(PAGES["posts"]).run()
    assert "No posts match" in _texts(at.warning)


def test_movement_page_has_stances_cumulative_funnel_and_destinations(published):
    at = _page("movement")
    assert not at.exception
    assert at.title[0].value.startswith("Movement")
    assert _charts(at) == 6  # stance area, corrected shares, cumulative, funnel, destinations bar + weekly
    caption = _texts(at.caption)
    assert "Follow-through:" in caption and "fct_author_journey" in caption


def test_themes_page_with_topics_shows_trends_terms_and_examples(published):
    at = _page("themes")
    assert not at.exception
    assert _charts(at) == 1
    assert "paten persona almarhum" in at.dataframe[0].value["label"].tolist()
    at.selectbox(key="topic_pick").set_value(0).run()
    assert len(at.text) >= 1  # example posts as plain text
    assert "paten" in _texts(at.markdown)


def test_themes_page_without_topics_says_not_built_yet(published_without_topics):
    at = _page("themes")
    assert not at.exception
    assert "Topics not built yet" in _texts(at.info)
    at.switch_page(PAGES["sentiment"]).run()
    assert not at.exception
    assert "Topics not built yet" in _texts(at.info)
    assert _charts(at) == 3  # over time, by language, by stance


def test_sentiment_page_by_time_language_stance_topic(published):
    at = _page("sentiment")
    assert not at.exception
    assert _charts(at) == 4


def test_posts_page_searches_with_bound_parameters_and_paginates(published):
    at = _page("posts")
    assert not at.exception
    first = at.dataframe[0].value
    assert len(first) == 25
    assert "author" in first.columns and "author_pseudonym" not in first.columns
    assert first["author"].str.len().max() <= 10
    # user text is a bound parameter: quotes and LIKE wildcards are just characters
    at.text_input(key="post_search").set_value("telegram' or '1'='1").run()
    assert not at.exception
    assert "No posts match" in _texts(at.warning)
    at.text_input(key="post_search").set_value("telegram").run()
    hits = at.dataframe[0].value
    assert len(hits) > 0 and hits["text"].str.lower().str.contains("telegram").all()
    at.text_input(key="post_search").set_value("").run()
    at.button(key="post_next").click().run()
    second = at.dataframe[0].value
    assert not at.exception
    assert set(second["text"].dropna()).isdisjoint(set(first["text"].dropna())) or len(second) == 25
    assert "page 2 of" in _texts(at.caption)


def test_posts_never_show_handles(published, tmp_path, monkeypatch):
    at = _page("posts")
    at.text_input(key="post_search").set_value("@").run()
    assert not at.exception
    if at.dataframe:
        texts = at.dataframe[0].value["text"].dropna()
        assert not texts.str.contains(r"(?<![\w@.])@[A-Za-z0-9_]{2,}", regex=True).any()


def test_data_page_lists_tables_with_descriptions_and_prepares_downloads(published):
    at = _page("data")
    assert not at.exception
    catalog = at.dataframe[0].value
    assert {"fct_spikes", "fct_author_journey", "dim_events", "fct_destinations_daily"} <= set(catalog["table"])
    assert catalog["description"].notna().all()
    at.selectbox(key="data_table").set_value("fct_destinations_daily").run()
    at.button(key="prepare_download").click().run()
    assert not at.exception
    assert "rows ready" in _texts(at.markdown)
    assert "dbt docs generate" in _texts(at.markdown)


def test_empty_installation_explains_what_to_do_on_every_page(tmp_path, monkeypatch):
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(tmp_path / "nothing"))
    for name in PAGES:
        at = _page(name)
        assert not at.exception, name
        assert "hapuswatch run" in _texts(at.info), name
        assert "Synthetic" not in _texts(at.warning)


def test_language_filter_applies_to_every_daily_chart(published):
    """The charts' marts carry `lang`, so a language filter narrows them and they agree with fct_posts."""
    from dashboards import queries

    version = queries.db_version()
    every = queries.Filters(start=date(2025, 9, 1), end=date(2026, 3, 31))
    english = queries.Filters(start=date(2025, 9, 1), end=date(2026, 3, 31), langs=("en",))
    with duckdb.connect(str(published), read_only=True) as con:
        en_posts = con.execute("select count(*) from marts.fct_posts where lang = 'en'").fetchone()[0]
        en_stance = con.execute(
            "select count(*) from marts.fct_posts where lang = 'en' and stance <> 'none'"
        ).fetchone()[0]
    assert en_posts > 0
    assert queries.daily_volume(version, english)["posts"].sum() == en_posts
    stance_cols = list(queries.STANCES)
    en_stances = queries.stance_daily(version, english)[stance_cols].to_numpy().sum()
    assert 0 < en_stances == en_stance < queries.stance_daily(version, every)[stance_cols].to_numpy().sum()
    assert queries.daily_volume(version, every)["posts"].sum() > en_posts
    all_topics = queries.topic_summary(version, every)["posts"].sum()
    assert 0 < queries.topic_summary(version, english)["posts"].sum() < all_topics
    all_dest = queries.destinations(version, every)["posts"].sum()
    assert queries.destinations(version, english)["posts"].sum() < all_dest
