"""int_posts_unioned and fct_posts are incremental (macros/changed_rows.sql): after every kind of upstream
change an incremental build holds exactly what a full rebuild holds, and only the changed rows were written."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ingestion import store
from ingestion.records import normalise_posts
from ingestion.sources.demo import generate_demo_posts
from orchestration.defs.dbt.incremental import fingerprints, needs_full_refresh, record_built
from orchestration.defs.enrichment.assets import posts_to_enrich
from tests.test_marts_published import DBT_DIR, _dbt, build_published_db, dbt_step_args

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dbt-incremental")]
KEY = b"fixture-key"  # build_published_db's pseudonym key
JOURNEY = "marts.fct_author_journey"
N_POSTS = 500


def _rowids(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    key = "author_key" if table == JOURNEY else "post_key"
    return dict(con.execute(f"select {key}, rowid from {table}").fetchall())


def _authors(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """post_key → author_key (None for posts without an author)."""
    return dict(con.execute(
        "select post_key, platform || ':' || author_pseudonym from intermediate.int_posts_unioned"
    ).fetchall())


def _enrich_pending(con: duckdb.DuckDBPyConnection) -> None:
    from nlp.enrich import enrich_posts, enrich_version
    from nlp.sentiment import get_sentiment_analyzer

    analyzer = get_sentiment_analyzer()
    version = enrich_version(analyzer)
    store.write_enrichment(con, enrich_posts(posts_to_enrich(con, version), analyzer=analyzer))


def _same_rows(con: duckdb.DuckDBPyConnection, a: str, b: str) -> tuple[int, int]:
    only_a = con.execute(f"select count(*) from (select * from {a} except all select * from {b})").fetchone()[0]
    only_b = con.execute(f"select count(*) from (select * from {b} except all select * from {a})").fetchone()[0]
    return only_a, only_b


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory, dbt_manifest) -> dict:
    data_dir = tmp_path_factory.mktemp("incremental") / "data"
    build_published_db(data_dir, n_posts=N_POSTS)
    warehouse, target = data_dir / "warehouse.duckdb", data_dir / "dbt_target"
    with store.connect(warehouse) as con:
        before = {t: _rowids(con, t) for t in ("intermediate.int_posts_unioned", "marts.fct_posts", JOURNEY)}
        authors = _authors(con)
        live = con.execute(
            "select platform, post_id, post_key from intermediate.int_posts_unioned "
            "where not is_deleted and text is not null order by post_key"
        ).df()
        edited, deleted, removed, restanced, flagged = (live.iloc[i] for i in (3, 7, 11, 15, 19))
        relabelled_topic = 0
        in_topic = {
            r[0]
            for r in con.execute(
                "select post_key from marts.fct_posts where topic_id = ? and not is_deleted", [relabelled_topic]
            ).fetchall()
        }
        # 1. new posts: the demo is prefix-stable, so a larger corpus adds posts after the first N_POSTS
        bigger, _ = normalise_posts(generate_demo_posts(N_POSTS + 40, seed=42), source="demo", key=KEY)
        known = set(before["intermediate.int_posts_unioned"])
        new = bigger[~(bigger["platform"] + ":" + bigger["post_id"]).isin(known)]
        store.upsert_posts(con, "demo", new)
        # 2. an edited post, 3. a post deleted upstream, 4. a post removed from the source altogether
        raw = con.execute(
            "select * from raw.demo_posts where post_id in (?, ?)", [edited.post_id, deleted.post_id]
        ).df()
        raw.loc[raw["post_id"] == edited.post_id, "body"] = "Edited later: saya sudah hapus akun facebook."
        raw.loc[raw["post_id"] == edited.post_id, "content_hash"] = "edited-hash"
        raw.loc[raw["post_id"] == deleted.post_id, "is_deleted"] = True
        raw["last_seen_at"] = pd.Timestamp.now(tz="UTC").tz_localize(None)
        store.upsert_posts(con, "demo", raw)
        store.delete_posts(con, "demo", pd.DataFrame({"platform": [removed.platform], "post_id": [removed.post_id]}))
        # 5. re-enrichment changed one label, 6. a topic relabelled, 7. a post newly flagged as automated
        con.execute("update enrichment.post_enrichment set stance = 'urges', stance_score = 0.5 where post_id = ?",
                    [restanced.post_id])
        con.execute("update topics.topic_info set label = 'relabelled topic' where topic_id = ?", [relabelled_topic])
        con.execute("update topics.post_topics set is_automated = true, automated_reason = 'copy_paste' "
                    "where post_id = ?", [flagged.post_id])
    _dbt(dbt_step_args("run", "dbt_staging"), warehouse, target)
    with store.connect(warehouse) as con:
        _enrich_pending(con)
    _dbt(dbt_step_args("build", "dbt_marts"), warehouse, target)
    with store.connect(warehouse) as con:
        after = {t: _rowids(con, t) for t in before}
        for table in before:
            con.execute(f"create table {table}_incremental as select * from {table}")
    _dbt([*dbt_step_args("run", "dbt_staging"), "--full-refresh"], warehouse, target)
    _dbt([*dbt_step_args("build", "dbt_marts"), "--full-refresh"], warehouse, target)
    new_keys = set(new["platform"] + ":" + new["post_id"])
    with store.connect(warehouse) as con:
        authors.update(_authors(con))  # the new posts' authors
    changed = new_keys | {edited.post_key, deleted.post_key, removed.post_key, restanced.post_key,
                          flagged.post_key} | in_topic  # fmt: skip
    touched = {authors[k] for k in changed if authors.get(k)}
    return {
        "touched_authors": touched,
        "warehouse": warehouse,
        "before": before,
        "after": after,
        "new": new_keys,
        "source_changes": {edited.post_key, deleted.post_key},
        "removed": removed.post_key,
        "mart_changes": {restanced.post_key, flagged.post_key} | in_topic,
    }


@pytest.mark.parametrize("table", ["intermediate.int_posts_unioned", "marts.fct_posts"])
def test_incremental_build_equals_a_full_rebuild(rebuilt, table):
    with store.connect(rebuilt["warehouse"]) as con:
        assert _same_rows(con, f"{table}_incremental", table) == (0, 0)
        keys = {r[0] for r in con.execute(f"select post_key from {table}_incremental").fetchall()}
    assert rebuilt["new"] <= keys and rebuilt["removed"] not in keys


@pytest.mark.parametrize("table", ["intermediate.int_posts_unioned", "marts.fct_posts"])
def test_only_changed_rows_are_rewritten(rebuilt, table):
    """A row keeps its DuckDB rowid unless delete+insert replaced it: exactly the changed posts moved."""
    before, after = rebuilt["before"][table], rebuilt["after"][table]
    rewritten = {k for k, rowid in after.items() if before.get(k) != rowid}
    expected = rebuilt["new"] | rebuilt["source_changes"]
    if table == "marts.fct_posts":
        expected |= rebuilt["mart_changes"]
    assert rewritten == expected
    assert len(rewritten) < len(after) / 4  # the point: most of the table was left alone
    assert rebuilt["removed"] in before and rebuilt["removed"] not in after


def _manifest(nodes: dict, macros: dict | None = None) -> dict:
    return {"nodes": nodes, "sources": {}, "macros": macros or {}}


def _model(name: str, checksum: str, depends: list[str], materialized: str = "table", macros=()) -> dict:
    return {
        "resource_type": "model",
        "name": name,
        "checksum": {"checksum": checksum},
        "config": {"materialized": materialized},
        "depends_on": {"nodes": depends, "macros": list(macros)},
    }


def test_a_changed_upstream_model_or_macro_forces_a_full_refresh(tmp_path):
    (tmp_path / "dbt_project.yml").write_text("name: x\n", encoding="utf-8")
    nodes = {
        "model.p.stg": _model("stg", "a", []),
        "model.p.inc": _model("inc", "b", ["model.p.stg"], "incremental", ["macro.p.changed_rows"]),
    }
    macros = {"macro.p.changed_rows": {"macro_sql": "select 1"}}
    current = fingerprints(_manifest(nodes, macros), ["inc", "stg"], tmp_path)
    assert list(current) == ["model.p.inc"]
    data_dir = tmp_path / "data"
    assert needs_full_refresh(data_dir, current)  # nothing recorded yet (a new or older data dir)
    record_built(data_dir, current)
    assert not needs_full_refresh(data_dir, current)
    assert json.loads((data_dir / "dbt" / "incremental_state.json").read_text()) == current
    changed_upstream = {**nodes, "model.p.stg": _model("stg", "a2", [])}
    assert needs_full_refresh(data_dir, fingerprints(_manifest(changed_upstream, macros), ["inc"], tmp_path))
    changed_macro = {"macro.p.changed_rows": {"macro_sql": "select 2"}}
    assert needs_full_refresh(data_dir, fingerprints(_manifest(nodes, changed_macro), ["inc"], tmp_path))
    (tmp_path / "dbt_project.yml").write_text("name: y\n", encoding="utf-8")
    assert needs_full_refresh(data_dir, fingerprints(_manifest(nodes, macros), ["inc"], tmp_path))


def test_the_real_project_has_its_two_incremental_models(dbt_manifest):
    manifest = json.loads(Path(dbt_manifest).read_text(encoding="utf-8"))
    current = fingerprints(manifest, ["int_posts_unioned", "fct_posts", "fct_daily_volume"], DBT_DIR)
    assert sorted(current) == ["model.hapuswatch.fct_posts", "model.hapuswatch.int_posts_unioned"]


def test_author_journeys_are_rebuilt_only_for_authors_whose_posts_changed(rebuilt):
    """fct_author_journey is incremental by author (posts_hash): it equals a full rebuild, and only authors
    with a new, edited, deleted, removed, re-labelled, re-topicked or newly flagged post were written again."""
    with store.connect(rebuilt["warehouse"]) as con:
        assert _same_rows(con, f"{JOURNEY}_incremental", JOURNEY) == (0, 0)
    before, after = rebuilt["before"][JOURNEY], rebuilt["after"][JOURNEY]
    rewritten = {k for k, rowid in after.items() if before.get(k) != rowid}
    assert rewritten and rewritten <= rebuilt["touched_authors"]
    assert len(rewritten) < len(after) / 4
