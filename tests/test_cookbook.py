"""Every SQL block in docs/sql-cookbook.md runs against a pipeline-built analytics DB and answers sensibly."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from test_marts_published import shared_published_db

COOKBOOK = Path(__file__).resolve().parents[1] / "docs" / "sql-cookbook.md"
SQL_BLOCK = re.compile(r"^## (?P<title>.+?)$.*?^```sql\n(?P<sql>.*?)^```", re.S | re.M)


def cookbook_queries() -> list[tuple[str, str]]:
    """(section title, SQL) for every ```sql block, in order."""
    return [(m["title"].strip(), m["sql"]) for m in SQL_BLOCK.finditer(COOKBOOK.read_text(encoding="utf-8"))]


QUERIES = cookbook_queries()


def test_cookbook_has_eleven_questions():
    assert len(QUERIES) == 11
    assert all(title[0].isdigit() for title, _ in QUERIES)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[int, object]:
    path = shared_published_db(tmp_path_factory)
    with duckdb.connect(str(path), read_only=True) as con:
        return {i: con.execute(sql).df() for i, (_, sql) in enumerate(QUERIES, start=1)}


@pytest.mark.parametrize("number", range(1, 12))
def test_every_query_returns_rows(results, number):
    assert len(results[number]) > 0, QUERIES[number - 1][0]


def test_answers_are_sensible(results):
    weekly = results[1]
    assert (weekly["deleted_posts"] <= weekly["all_posts"]).all() and weekly["deleted_posts"].sum() > 0
    ft = results[2].iloc[0]
    assert 0 < ft["followed_through"] < ft["intenders"] and 0 < ft["follow_through_pct"] < 100
    assert results[3]["destination"].iloc[0] == "telegram"  # the demo's most common destination
    stance = results[4].set_index("stance")
    assert stance.loc["deleted", "posts"] > 0 and set(stance.index) <= {
        "deleted",
        "intends",
        "considering",
        "urges",
        "staying",
        "none",
    }
    spikes = results[5]
    assert (spikes["robust_z"] >= 3.5).all() and spikes["event_title"].notna().any()
    assert set(results[6]["period"]) == {"before", "after"}
    assert results[7]["posts"].gt(0).all()
    assert set(results[8]["lang"]) <= {"id", "en", "other"} and "id" in set(results[8]["lang"])
    assert results[9]["authors"].sum() == ft["followed_through"]
    sample = results[10]
    corrected = results[11]
    assert corrected["week"].isna().sum() == 1  # the all-weeks headline row comes last
    assert ((corrected["ci_low_pct"] <= corrected["corrected_pct"])
            & (corrected["corrected_pct"] <= corrected["ci_high_pct"])).all()
    assert sample["author"].str.len().max() <= 10 and not sample["text"].str.contains("@[A-Za-z]", regex=True).any()
