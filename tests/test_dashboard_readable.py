"""The dashboard stays correct and readable on real posts (issue 10): untrusted text shown as text, filters
that apply everywhere, honest weekly charts, a text-first Posts page, one palette, readable cells and
downloads that keep lists as lists."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest
from test_dashboard import PAGES, _page, _texts
from test_marts_published import shared_published_db

from dashboards import palette, queries
from dashboards.weeks import weekly_per_day, weeks_in_range

HOSTILE = (
    "Judul\n\n# Heading that must not render\n\n**bold** and $x^2$ maths, an image "
    "![tracker](https://evil.example/pixel.png) and <b>html</b> :material/delete: end"
)


@pytest.fixture
def published(tmp_path_factory, monkeypatch):
    analytics = shared_published_db(tmp_path_factory)
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(analytics.parent))
    return analytics


@pytest.fixture
def hostile_db(tmp_path, published, monkeypatch):
    """A copy whose newest topic-0 post (and the topic's first representative post) is Markdown/HTML bait."""
    data_dir = tmp_path / "hostile"
    data_dir.mkdir()
    copy = data_dir / "analytics.duckdb"
    shutil.copy(published, copy)
    with duckdb.connect(str(copy)) as con:
        key = con.execute(
            "select post_key from marts.fct_posts where topic_id = 0 and text is not null "
            "order by created_at desc limit 1"
        ).fetchone()[0]
        con.execute("update marts.fct_posts set text = ?, score = 100000 where post_key = ?", [HOSTILE, key])
        con.execute(
            "update marts.dim_topics set representative_posts = list_prepend(?, representative_posts) "
            "where topic_id = 0",
            [HOSTILE],
        )
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(data_dir))
    return copy


def _values(v) -> list:
    """Plotly 6 sends numeric arrays as {"dtype", "bdata"} (base64); lists stay lists."""
    if isinstance(v, dict) and "bdata" in v:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def _chart_specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


# --- 1. untrusted text ------------------------------------------------------------------------


def test_themes_and_posts_show_post_text_as_plain_text(hostile_db):
    at = _page("themes")
    at.selectbox(key="topic_pick").set_value(0).run()
    assert not at.exception
    assert HOSTILE in [t.value for t in at.text]
    markdown = _texts(at.markdown) + _texts(at.caption)
    assert "evil.example" not in markdown and "Heading that must not render" not in markdown
    at.switch_page(PAGES["posts"]).run()
    at.text_input(key="post_search").set_value("Heading that must not render").run()
    assert not at.exception
    assert [t.value for t in at.text] == [HOSTILE]
    assert "evil.example" not in _texts(at.markdown) + _texts(at.caption)


# --- 3. filters apply everywhere ------------------------------------------------------------


def test_themes_examples_and_header_follow_the_filters(published):
    start, end = date(2026, 2, 14), date(2026, 2, 20)
    at = _page("themes")
    at.sidebar.date_input[0].set_value((start, end)).run()
    at.sidebar.multiselect[1].set_value(["id"]).run()
    at.selectbox(key="topic_pick").set_value(0).run()
    assert not at.exception
    with duckdb.connect(str(published), read_only=True) as con:
        n, texts = con.execute(
            "select count(*), list(text) from marts.fct_posts where topic_id = 0 and day between ? and ? "
            "and lang = 'id'",
            [start, end],
        ).fetchone()
    header = next(m.value for m in at.markdown if "posts in the filtered range" in m.value)
    assert f"{n:,} posts in the filtered range, 2026-02-1" in header and "00:00:00" not in header
    shown = [t.value for t in at.text]
    assert shown and set(shown) <= set(texts)


def test_downloads_apply_every_filter_the_table_has_a_column_for(published):
    version = queries.db_version()
    narrow = queries.Filters(start=date(2026, 2, 10), end=date(2026, 2, 20), platforms=("reddit",))
    spikes = queries.filtered_table(version, "fct_spikes", narrow)
    assert len(spikes) > 0 and spikes["day"].between(pd.Timestamp(narrow.start), pd.Timestamp(narrow.end)).all()
    events = queries.filtered_table(version, "dim_events", narrow)
    assert pd.to_datetime(events["day"]).between(pd.Timestamp(narrow.start), pd.Timestamp(narrow.end)).all()
    journeys = queries.filtered_table(version, "fct_author_journey", narrow)
    assert len(journeys) > 0 and set(journeys["platform"]) == {"reddit"}
    assert journeys["first_post_day"].between(pd.Timestamp(narrow.start), pd.Timestamp(narrow.end)).all()
    assert queries.download_filters(version, "fct_spikes", narrow) == (["date"], ["platform"])


def test_spike_markers_sit_on_the_filtered_bars(published):
    at = _page("overview")
    at.sidebar.multiselect[1].set_value(["en"]).run()
    assert not at.exception
    spec = _chart_specs(at)[0]
    traces = {t.get("name"): t for t in spec["data"]}
    bars = {}
    for name in ("submissions", "comments"):
        for x, y in zip(_values(traces[name]["x"]), _values(traces[name]["y"]), strict=True):
            bars[x[:10]] = bars.get(x[:10], 0) + y
    spike = traces["spike"]
    assert spike["x"], "the demo has spikes"
    for x, y in zip(_values(spike["x"]), _values(spike["y"]), strict=True):
        assert y == bars.get(x[:10], 0)


# --- 4. weekly charts -------------------------------------------------------------------------


def test_weeks_start_on_monday_and_partial_edge_weeks_are_averaged_not_ramps():
    sunday = date(2025, 10, 5)
    assert sunday.weekday() == 6
    weeks = weeks_in_range(sunday, sunday + timedelta(days=9))  # Sun .. Tue of the week after next
    assert [w.weekday() for w in weeks["week"]] == [0, 0, 0]
    assert weeks["days"].tolist() == [1, 7, 2] and weeks["partial"].tolist() == [True, False, True]
    daily = pd.DataFrame({"day": pd.date_range(sunday, periods=10, freq="D"), "posts": 7})
    weekly = weekly_per_day(daily, sunday, sunday + timedelta(days=9), ["posts"])
    assert weekly["posts"].tolist() == [7.0, 7.0, 7.0]  # a flat series stays flat at the edges
    assert weekly["posts_total"].tolist() == [7, 49, 14]
    assert "1 of 7 days" in weekly["week_label"].iloc[0]


def test_topic_lines_drop_to_zero_in_empty_weeks():
    daily = pd.DataFrame(
        {"day": pd.to_datetime(["2025-10-06", "2025-10-20"]), "topic_id": [1, 1], "posts": [14, 7]}
    )
    weekly = weekly_per_day(daily, date(2025, 10, 6), date(2025, 10, 26), ["posts"], by="topic_id", categories=[1, 2])
    one = weekly[weekly["topic_id"] == 1]["posts"].tolist()
    two = weekly[weekly["topic_id"] == 2]["posts"].tolist()
    assert one == [2.0, 0.0, 1.0] and two == [0.0, 0.0, 0.0]


def test_weekly_charts_on_a_range_starting_on_sunday(published):
    at = _page("movement")
    at.sidebar.date_input[0].set_value((date(2025, 10, 5), date(2026, 1, 14))).run()
    assert not at.exception
    stance = _chart_specs(at)[0]
    xs = {x[:10] for trace in stance["data"] for x in trace["x"]}
    assert all(date.fromisoformat(x).weekday() == 0 for x in xs)
    assert "1 of 7 days" in _texts(at.caption)
    at.switch_page(PAGES["themes"]).run()
    topic = _chart_specs(at)[0]
    lengths = {len(trace["x"]) for trace in topic["data"]}
    assert lengths == {len(weeks_in_range(date(2025, 10, 5), date(2026, 1, 14)))}  # no skipped weeks


# --- 5. Posts page ------------------------------------------------------------------------------


def test_posts_page_shows_each_post_text_first_and_whole(published):
    at = _page("posts")
    assert not at.exception
    texts = [t.value for t in at.text]
    table = at.dataframe[0].value
    assert len(texts) == 25
    assert texts == table["text"].tolist()
    longest = max(texts, key=len)
    assert len(longest) > 100 and "…" not in longest  # shown whole, wrapped by st.text


# --- 9. readability -----------------------------------------------------------------------------


def test_cells_show_dates_as_dates_and_no_none(published):
    at = _page("overview")
    spikes = at.dataframe[1].value
    assert all(isinstance(d, date) and not isinstance(d, pd.Timestamp) for d in spikes["day"])
    for column in ("event_title", "days_from_event", "top_topics", "top_stances"):
        assert not spikes[column].isna().any() and "None" not in spikes[column].astype(str).tolist()


def test_one_colour_per_stance_destination_and_sentiment_across_charts(published):
    at = _page("movement")
    specs = _chart_specs(at)
    stance_colours = {t["name"]: t["line"]["color"] for t in specs[0]["data"]}
    assert stance_colours == palette.color_map("stance", queries.STANCES, labels=True)
    assert [t["name"] for t in specs[0]["data"]] == [palette.stance_label(s) for s in queries.STANCES]
    # the two destination charts (bars for the range, weekly stacks) are the last two on the page
    bar_colours = {t["name"]: t["marker"]["color"] for t in specs[-2]["data"]}
    weekly_colours = {t["name"]: t["marker"]["color"] for t in specs[-1]["data"]}
    assert bar_colours == {k: v for k, v in weekly_colours.items() if k in bar_colours}
    assert bar_colours["Telegram"] == palette.SERVICE_COLORS["telegram"]
    at.switch_page(PAGES["sentiment"]).run()
    for spec in _chart_specs(at):
        for trace in spec["data"]:
            assert trace["marker"]["color"] == palette.SENTIMENT_COLORS[trace["name"]]
    assert "`" not in json.dumps(specs)


def test_sentiment_leaves_removed_posts_out(published):
    version = queries.db_version()
    every = queries.Filters(start=date(2025, 9, 1), end=date(2026, 3, 31))
    by_lang = queries.sentiment_by(version, every, "lang")
    with duckdb.connect(str(published), read_only=True) as con:
        kept = con.execute("select count(*) from marts.fct_posts where not is_deleted").fetchone()[0]
    assert by_lang["posts"].sum() == kept and by_lang["label"].notna().all()
    assert queries.sentiment_daily(version, every)[["negative", "neutral", "positive"]].to_numpy().sum() == kept


def test_downloads_keep_lists_as_lists(published):
    version = queries.db_version()
    every = queries.Filters(start=date(2025, 9, 1), end=date(2026, 3, 31))
    frame = queries.filtered_table(version, "fct_posts", every)
    csv = pd.read_csv(io.BytesIO(queries.to_csv_bytes(frame)))
    moved = csv["destinations"][csv["destinations"] != "[]"].dropna()
    assert len(moved) > 0 and all(isinstance(json.loads(v), list) for v in moved)
    assert not csv["destinations"].astype(str).str.contains("'").any()
    parquet = pd.read_parquet(io.BytesIO(queries.to_parquet_bytes(frame)))
    import pyarrow.parquet as pq

    schema = pq.read_schema(io.BytesIO(queries.to_parquet_bytes(frame)))
    assert str(schema.field("destinations").type).startswith("list")
    assert any(len(v) > 0 for v in parquet["destinations"])


def test_funnel_reconciles_with_overview_and_says_when_the_range_is_too_short(published):
    at = _page("overview")
    authors = int(next(m.value for m in at.metric if m.label.startswith("Authors")).replace(",", ""))
    at.switch_page(PAGES["movement"]).run()
    assert f"Authors posting in range: {authors:,}" in _texts(at.caption)
    at.sidebar.date_input[0].set_value((date(2026, 2, 14), date(2026, 2, 16))).run()
    assert not at.exception
    assert "too short" in _texts(at.info) or "shorter than the typical" in _texts(at.info)


def test_platform_filter_has_two_demo_platforms(published):
    at = _page("overview")
    options = at.sidebar.multiselect[0].options
    assert {"Reddit", "X (Twitter)"} <= set(options)
    before = int(next(m.value for m in at.metric if m.label == "Posts").replace(",", ""))
    at.sidebar.multiselect[0].set_value(["x"]).run()
    after = int(next(m.value for m in at.metric if m.label == "Posts").replace(",", ""))
    assert 0 < after < before
