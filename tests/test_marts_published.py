"""The analyst marts on a small pipeline-built warehouse: events, author journeys, destinations, spikes.

``build_published_db`` is also what the dashboard, cookbook and browser tests use: demo posts → dbt
staging → the real enrichment (incl. destinations) → keyword topics standing in for BERTopic → dbt
marts (``build``: contracts, data and unit tests) → the real publish step.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion import store
from ingestion.records import normalise_posts
from ingestion.sources.demo import generate_demo_posts
from orchestration.defs.enrichment.assets import posts_to_enrich
from orchestration.defs.publish.analytics import mart_descriptions, publish_analytics_db

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_DIR = REPO_ROOT / "dbt_project"

# Keyword topics: deterministic stand-ins for the BERTopic step so dim_topics/fct_topic_daily have content.
FIXTURE_TOPICS = [
    (0, "paten persona almarhum", ["paten", "persona", "almarhum", "meninggal", "patent", "dead"]),
    (1, "iklan dari chat meta ai", ["iklan", "meta ai", "ads", "chat"]),
    (2, "cara hapus akun", ["cara", "arsip", "download", "how do"]),
]


def _dbt(args: list[str], warehouse: Path, target: Path) -> None:
    from dbt.cli.main import dbtRunner

    os.environ["HAPUSWATCH_WAREHOUSE_PATH"] = str(warehouse)
    result = dbtRunner().invoke(
        [
            *args,
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(target),
            "--log-path",
            str(target / "logs"),
            "--quiet",
        ]
    )
    if not result.success:
        failures = (
            [
                f"{r.node.name}: {r.status} {r.message}"
                for r in (result.result or [])
                if str(r.status) not in ("success", "pass")
            ]
            if result.result is not None and hasattr(result.result, "__iter__")
            else [repr(result.exception)]
        )
        raise AssertionError(f"dbt {' '.join(args)} failed: {failures}")


def dbt_step_args(command: str, step: str) -> list[str]:
    """``dbt <command>`` with the selection of one of the pipeline's dbt steps (orchestration DBT_STEPS)."""
    from orchestration.defs.dbt.project import DBT_STEPS

    select, exclude = DBT_STEPS[step]
    return [command, "--select", select, *(["--exclude", exclude] if exclude else [])]


def _fixture_topics(con: duckdb.DuckDBPyConnection) -> None:
    case = " ".join(
        f"when {' or '.join('lower(text) like ' + repr('%' + w + '%') for w in words)} then {tid}"
        for tid, _, words in FIXTURE_TOPICS
    )
    con.execute(
        "insert or replace into topics.post_topics (platform, post_id, content_hash, topic_id, topic_prob, "
        f"model_version) select platform, post_id, content_hash, "
        f"case {case} else -1 end, 0.9, 'fixture-topics' from intermediate.int_posts_unioned "
        f"where not is_deleted and text is not null"
    )
    for tid, label, words in FIXTURE_TOPICS:  # dim_topics adds the -1 outlier row itself
        examples = [
            r[0]
            for r in con.execute(
                "select u.text from topics.post_topics t "
                "join intermediate.int_posts_unioned u using (platform, post_id) "
                "where t.topic_id = ? order by u.post_id limit 3",
                [tid],
            ).fetchall()
        ]
        size = con.execute("select count(*) from topics.post_topics where topic_id = ?", [tid]).fetchone()[0]
        con.execute(
            "insert or replace into topics.topic_info values (?, ?, ?, ?, ?, 0.1, 'fixture-topics', 'fixture-topics')",
            [tid, label, words, size, examples],
        )


def build_published_db(data_dir: Path, n_posts: int = 1500, seed: int = 42, topics: bool = True) -> Path:
    """Build ``data_dir/warehouse.duckdb`` from demo posts with the real dbt models and publish analytics.duckdb."""
    from nlp.enrich import enrich_posts, enrich_version
    from nlp.sentiment import get_sentiment_analyzer

    data_dir.mkdir(parents=True, exist_ok=True)
    warehouse = data_dir / "warehouse.duckdb"
    target = data_dir / "dbt_target"
    posts, _ = normalise_posts(generate_demo_posts(n_posts, seed=seed), source="demo", key=b"fixture-key")
    with store.connect(warehouse) as con:  # creates every declared table (raw, enrichment, topics)
        store.upsert_posts(con, "demo", posts)
    _dbt(dbt_step_args("run", "dbt_staging"), warehouse, target)
    analyzer = get_sentiment_analyzer()
    version = enrich_version(analyzer)
    with store.connect(warehouse) as con:
        pending = posts_to_enrich(con, version)
        store.write_enrichment(con, enrich_posts(pending, analyzer=analyzer))
        if topics:
            _fixture_topics(con)
        from orchestration.defs.labels.assets import write_prevalence

        write_prevalence(con, n_boot=200)  # corrected stance shares (no labels yet: held-out interval)
    _dbt(dbt_step_args("build", "dbt_marts"), warehouse, target)
    # kept: later dbt commands in the same target folder (docs generate) replace run_results.json
    shutil.copyfile(target / "run_results.json", data_dir / "marts_build_results.json")
    analytics = data_dir / "analytics.duckdb"
    with store.connect(warehouse) as con:
        publish_analytics_db(con, analytics, mart_descriptions(target / "manifest.json"), run_id="fixture")
    return analytics


_SHARED: dict[str, Path] = {}


def shared_published_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One published DB per test process, shared by the marts, cookbook, dashboard and browser tests.

    Readers only ever open it read-only, so sharing cannot leak state between tests.
    """
    if "db" not in _SHARED:
        _SHARED["db"] = build_published_db(tmp_path_factory.mktemp("published") / "data")
    return _SHARED["db"]


@pytest.fixture(scope="module")
def analytics(tmp_path_factory) -> Path:
    return shared_published_db(tmp_path_factory)


def _con(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def test_all_analyst_marts_are_published_with_comments(analytics):
    with _con(analytics) as con:
        tables = dict(
            con.execute("select table_name, comment from duckdb_tables() where schema_name = 'marts'").fetchall()
        )
        for name in ("dim_events", "fct_author_journey", "fct_destinations_daily", "fct_spikes", "fct_posts"):
            assert tables.get(name), name
        undocumented = con.execute(
            "select table_name, column_name from duckdb_columns() where schema_name = 'marts' and table_name in "
            "('dim_events', 'fct_author_journey', 'fct_destinations_daily', 'fct_spikes') and comment is null"
        ).fetchall()
    assert undocumented == []


def test_events_include_the_meta_policy_and_patent_reports(analytics):
    with _con(analytics) as con:
        rows = dict(con.execute("select event_id, day::varchar from marts.dim_events").fetchall())
        urls = [r[0] for r in con.execute("select source_url from marts.dim_events").fetchall()]
    assert rows["meta_ai_ads_announced"] == "2025-10-01"
    assert rows["meta_ai_ads_in_force"] == "2025-12-16"
    assert rows["meta_dead_persona_patent"].startswith("2026-02")
    assert rows["cambridge_analytica"].startswith("2018-03")
    assert all(u.startswith("https://") for u in urls)


def test_author_journey_counts_match_posts_and_follow_through_is_consistent(analytics):
    with _con(analytics) as con:
        posts_with_author = con.execute(
            "select count(*) from marts.fct_posts where author_pseudonym is not null"
        ).fetchone()[0]
        journey_posts, bad = con.execute(
            "select sum(posts), count(*) filter (where followed_through and (not is_intender or not ever_deleted "
            "or follow_through_day < first_intent_day or days_to_follow_through < 0)) from marts.fct_author_journey"
        ).fetchone()
        followed, intenders = con.execute(
            "select count(*) filter (where followed_through), count(*) filter (where is_intender) "
            "from marts.fct_author_journey"
        ).fetchone()
    assert journey_posts == posts_with_author
    assert bad == 0
    # the demo has follow-through personas: some, not all, intenders later say they deleted
    assert 0 < followed < intenders


def test_destinations_daily_matches_post_level_destinations(analytics):
    with _con(analytics) as con:
        from_posts = dict(
            con.execute(
                "select d, count(*) from (select unnest(destinations) as d from marts.fct_posts "
                "where not is_deleted) group by d"
            ).fetchall()
        )
        from_mart = dict(
            con.execute(
                "select destination, sum(posts)::bigint from marts.fct_destinations_daily group by destination"
            ).fetchall()
        )
    assert from_mart == from_posts
    assert from_mart["telegram"] == max(from_mart.values())  # the demo's most common destination


def test_spikes_sit_on_the_demo_events(analytics):
    with _con(analytics) as con:
        spikes = con.execute(
            "select day::varchar, event_id, robust_z, posts from marts.fct_spikes order by day"
        ).fetchall()
    days = {d for d, *_ in spikes}
    assert {"2025-12-16", "2026-02-14"} <= days or "2026-02-15" in days
    assert all(z >= 3.5 and posts >= 20 for _, _, z, posts in spikes)
    assert any(e == "meta_dead_persona_patent" for _, e, *_ in spikes)


def test_dbt_docs_generate_builds_the_site_with_the_new_marts(analytics):
    data_dir = analytics.parent
    target = data_dir / "dbt_target"
    _dbt(["docs", "generate"], data_dir / "warehouse.duckdb", target)
    assert (target / "index.html").exists()
    catalog = (target / "catalog.json").read_text(encoding="utf-8")
    for name in ("fct_spikes", "fct_author_journey", "fct_destinations_daily", "dim_events"):
        assert f"model.hapuswatch.{name}" in catalog or f"seed.hapuswatch.{name}" in catalog


def test_removed_posts_have_no_opinion_but_still_count_as_removed_content(analytics):
    """Content deleted upstream has no text: no language, stance, sentiment or topic, and no opinion aggregate."""
    with _con(analytics) as con:
        removed, opinions = con.execute(
            "select count(*), count(lang) + count(stance) + count(sentiment) + count(sentiment_score) "
            "+ count(topic_id) + count(topic_label) from marts.fct_posts where is_deleted"
        ).fetchone()
        volume_removed = con.execute("select sum(deleted_items) from marts.fct_daily_volume").fetchone()[0]
        movement_posts = con.execute("select sum(posts) from marts.fct_daily_movement").fetchone()[0]
        kept = con.execute("select count(*) from marts.fct_posts where not is_deleted").fetchone()[0]
        topic_posts = con.execute("select sum(posts) from marts.fct_topic_daily").fetchone()[0]
        other_neutral = con.execute(
            "select count(*) filter (where sentiment = 'neutral'), count(*) from marts.fct_posts where lang = 'other'"
        ).fetchone()
    assert removed > 0 and opinions == 0
    assert volume_removed == removed
    assert movement_posts == kept == topic_posts
    # "other" language is what the detector said about real text, not a bucket of removed posts
    assert other_neutral[1] == 0 or other_neutral[0] < other_neutral[1] or other_neutral[1] < removed


def test_topic_sizes_agree_with_the_posts_labelled_with_them(analytics):
    with _con(analytics) as con:
        sizes = dict(con.execute("select topic_id, size from marts.dim_topics").fetchall())
        labelled = dict(
            con.execute(
                "select topic_id, count(*) from marts.fct_posts where topic_id is not null group by topic_id"
            ).fetchall()
        )
    assert {k: v for k, v in sizes.items() if v} == labelled
    assert labelled[-1] > 0  # outliers exist and are counted the same way in both tables


def test_the_marts_build_runs_the_dbt_unit_tests(tmp_path_factory):
    # the pipeline's dbt steps leave unit tests out (they check SQL, not data: orchestration/defs/dbt/commands.py);
    # this build, which every marts, dashboard and browser test reads, runs them
    analytics = shared_published_db(tmp_path_factory)
    results = json.loads((analytics.parent / "marts_build_results.json").read_text(encoding="utf-8"))["results"]
    unit = {r["unique_id"].split(".")[-1]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")}
    assert unit == {
        "fct_author_journey_follow_through": "pass",
        "fct_spikes_detects_outlier_day_and_event": "pass",
    }
