"""Queries rewritten for speed at 1M posts return exactly what the straightforward SQL returns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_marts_published import shared_published_db

from dashboards import queries as q


@pytest.fixture
def published(tmp_path_factory, monkeypatch) -> Path:
    analytics = shared_published_db(tmp_path_factory)
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(analytics.parent))
    return analytics


# the label page's query before the rewrite: every post joined to its thread and parent, then the first one
NAIVE_NEXT_POST = """
select p.post_key, p.platform, p.post_id, p.kind, p.community, p.created_at, p.url, p.text,
       thread.title as thread_title,
       case when p.parent_id is distinct from p.thread_id then parent.text end as parent_text
from marts.fct_posts p
left join marts.fct_posts thread
  on thread.platform = p.platform and thread.post_id = p.thread_id and p.kind in ('comment', 'reply')
left join marts.fct_posts parent on parent.platform = p.platform and parent.post_id = p.parent_id
where not p.is_deleted and p.text is not null and not list_contains(?::varchar[], p.post_key)
order by md5(concat(?::varchar, ':', p.post_key))
limit 1
"""


def test_next_post_to_label_picks_the_same_post_with_the_same_context(published):
    with duckdb.connect(str(published), read_only=True) as con:
        comments = con.execute(
            "select count(*) from marts.fct_posts where kind in ('comment', 'reply') and not is_deleted"
        ).fetchone()[0]
        assert comments > 0  # the fixture has comments, so thread/parent context is exercised
        excluded: list[str] = []
        seen_context = False
        for seed in range(12):
            expected = con.execute(NAIVE_NEXT_POST, [excluded, str(seed)]).df()
            got = q.next_post_to_label(q.db_version(), seed, frozenset(excluded))
            row = expected.iloc[0].to_dict()
            assert got["post_key"] == row["post_key"]
            for col in ("thread_title", "parent_text"):
                want = row[col] if isinstance(row[col], str) else None
                assert (got[col] is None) == (want is None)
            seen_context = seen_context or got["thread_title"] is not None
            excluded.append(got["post_key"])  # next seed also skips what was labelled
        assert seen_context


def test_language_list_is_the_languages_of_fct_posts(published):
    bounds = q.data_bounds.__wrapped__(q.db_version())
    with duckdb.connect(str(published), read_only=True) as con:
        langs = [r[0] for r in con.execute(
            "select distinct lang from marts.fct_posts where lang is not null order by 1"
        ).fetchall()]
    assert bounds["langs"] == langs and langs


def test_posts_page_total_matches_a_plain_count(published):
    version = q.db_version()
    bounds = q.data_bounds.__wrapped__(version)
    filters = q.Filters(start=bounds["min_day"], end=bounds["max_day"])
    page, total = q.search_posts.__wrapped__(version, filters, "", (), 0)
    with duckdb.connect(str(published), read_only=True) as con:
        where, params = filters.where()
        assert total == con.execute(f"select count(*) from marts.fct_posts where {where}", params).fetchone()[0]
    assert isinstance(page, pd.DataFrame) and len(page) == min(q.PAGE_SIZE, total)
