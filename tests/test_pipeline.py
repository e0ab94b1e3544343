"""End to end: `hapuswatch run` on the demo source builds the marts and publishes analytics.duckdb."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from ingestion.records import normalise_posts
from ingestion.sources.demo import generate_demo_posts
from orchestration.defs.collection.demo import DEMO_SEED
from tests.cli import run_hapuswatch

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline-demo")]
DEMO_POSTS = 1500


def _run(data_dir: Path) -> subprocess.CompletedProcess:
    return run_hapuswatch(
        "run", env={"HAPUSWATCH_DATA_DIR": str(data_dir), "HAPUSWATCH_DEMO_POSTS": str(DEMO_POSTS)}
    )


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory, dbt_manifest) -> dict:
    data_dir = tmp_path_factory.mktemp("pipeline") / "data"
    first = _run(data_dir)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    with duckdb.connect(str(data_dir / "analytics.duckdb"), read_only=True) as con:
        counts_first = {
            t: con.execute(f"select count(*) from marts.{t}").fetchone()[0]
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
    second = _run(data_dir)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    return {"data_dir": data_dir, "first": first, "second": second, "counts_first": counts_first}


def _analytics(pipeline) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(pipeline["data_dir"] / "analytics.duckdb"), read_only=True)


def test_summary_lists_assets_with_rows_and_seconds(pipeline):
    out = pipeline["first"].stdout
    assert "raw/demo_posts" in out and "marts/fct_posts" in out and "publish/analytics_db" in out
    assert "ok:" in out


def test_run_prints_a_compact_summary_and_logs_everything_to_a_file(pipeline):
    """One line per asset (rows, seconds, checks), quarantine reasons; the rest in a log file, no colours."""
    first = pipeline["first"]
    lines = first.stdout.splitlines()
    assert len(lines) < 45, first.stdout
    assert "\x1b" not in first.stdout and "semaphore" not in first.stderr and first.stderr.strip() == ""
    row = next(line for line in lines if line.startswith("marts/fct_posts "))
    rows, seconds, *checks = row.split()[1:]
    assert int(rows.replace(",", "")) > 1000 and float(seconds) >= 0 and "passed" in checks
    assert any(line.startswith("quarantined: ") and "by reason" in line for line in lines)
    assert "where to look: duckdb -readonly" in first.stdout
    dbt_steps = [line for line in lines if line.startswith(("staging/", "marts/", "intermediate/"))]
    assert len({line.split()[2] for line in dbt_steps}) > 1  # each dbt model its own seconds, not one per step
    log_path = Path(next(line for line in lines if line.startswith("full log: ")).split(": ", 1)[1].split(" (")[0])
    log = log_path.read_text(encoding="utf-8")
    assert log_path.parent == pipeline["data_dir"] / "logs"
    assert "\x1b" not in log and "Completed successfully" in log and "STEP_SUCCESS" in log


def test_dbt_artifacts_live_in_the_data_dir(pipeline):
    runs = pipeline["data_dir"] / "dbt" / "runs"
    for step in ("dbt_staging", "dbt_marts"):
        folders = list(runs.glob(f"{step}-*"))
        assert 1 <= len(folders) <= 3 and all((f / "dbt.log").exists() for f in folders)
    repo_target = Path(__file__).resolve().parents[1] / "dbt_project" / "target"
    assert not list(repo_target.glob("dbt_staging-*")) and not list(repo_target.glob("dbt_marts-*"))


def test_the_second_run_reuses_dbt_partial_parse_and_builds_incrementally(pipeline):
    """dbt parses the project once per data dir, and the second run writes only changed rows."""
    runs = pipeline["data_dir"] / "dbt" / "runs"
    assert (pipeline["data_dir"] / "dbt" / "partial_parse.msgpack").is_file()
    steps = ("dbt_staging", "dbt_marts")
    newest = {step: max(runs.glob(f"{step}-*"), key=lambda p: p.stat().st_mtime) for step in steps}
    for folder in newest.values():
        log = (folder / "dbt.log").read_text(encoding="utf-8")
        assert "Unable to do partial parsing" not in log and "Starting full parse" not in log
    assert "--full-refresh" not in (newest["dbt_marts"] / "dbt.log").read_text(encoding="utf-8")
    state = (pipeline["data_dir"] / "dbt" / "incremental_state.json").read_text(encoding="utf-8")
    assert "model.hapuswatch.fct_posts" in state and "model.hapuswatch.int_posts_unioned" in state


def test_fct_posts_has_every_valid_demo_post_once(pipeline):
    posts, quarantine = normalise_posts(generate_demo_posts(DEMO_POSTS, seed=DEMO_SEED), source="demo", key=b"x")
    with _analytics(pipeline) as con:
        n, distinct, demo = con.execute(
            "select count(*), count(distinct post_key), bool_and(is_demo) from marts.fct_posts"
        ).fetchone()
    assert n == distinct == len(posts)
    assert demo is True
    with duckdb.connect(str(pipeline["data_dir"] / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw.quarantine").fetchone()[0] == len(quarantine) > 0


def test_rerun_changes_no_counts(pipeline):
    with _analytics(pipeline) as con:
        for table, count in pipeline["counts_first"].items():
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] == count, table


def test_daily_volume_adds_up(pipeline):
    with _analytics(pipeline) as con:
        total = con.execute("select sum(posts) from marts.fct_daily_volume").fetchone()[0]
        posts = con.execute("select count(*) from marts.fct_posts").fetchone()[0]
        peak_day = con.execute(
            "select day from marts.fct_daily_volume group by day order by sum(posts) desc limit 1"
        ).fetchone()[0]
    assert total == posts
    assert str(peak_day) >= "2025-10-01"  # an event day, not the quiet September baseline


def test_published_db_has_only_marts_with_comments_and_no_raw_names(pipeline):
    with _analytics(pipeline) as con:
        schemas = {r[0] for r in con.execute("select distinct table_schema from information_schema.tables").fetchall()}
        assert schemas == {"marts", "meta"}
        comment = con.execute(
            "select comment from duckdb_columns() where table_name = 'fct_posts' and column_name = 'author_pseudonym'"
        ).fetchone()[0]
        assert "pseudonym" in comment.lower()
        names = con.execute("select count(*) from marts.fct_posts where text like '%demo_user_%'").fetchone()[0]
        authors = con.execute("select count(*) from marts.fct_posts where author_pseudonym like 'demo_%'").fetchone()
    assert names == 0 and authors[0] == 0


def test_deleted_posts_keep_no_text(pipeline):
    with _analytics(pipeline) as con:
        n, with_text = con.execute(
            "select count(*), count(text) from marts.fct_posts where is_deleted"
        ).fetchone()
    assert n > 0 and with_text == 0


def test_runs_are_recorded_in_dagsters_own_sqlite_layout(pipeline, tmp_path):
    """The pooled event log writes the files Dagster's default `storage: sqlite` reads: a copy of the
    instance without our dagster.yaml sees both runs, their events and the marts' materialisations."""
    import shutil

    import dagster as dg

    from orchestration.instance import HEADER

    home = pipeline["data_dir"] / "dagster_home"
    assert (home / "dagster.yaml").read_text(encoding="utf-8").startswith(HEADER)
    plain = tmp_path / "dagster_home"
    shutil.copytree(home, plain, ignore=shutil.ignore_patterns("dagster.yaml"))
    with dg.DagsterInstance.from_config(str(plain)) as instance:
        assert type(instance.event_log_storage).__name__ == "SqliteEventLogStorage"
        runs = instance.get_runs()
        assert len(runs) >= 2 and all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs)
        events = instance.all_logs(runs[0].run_id)
        assert any(e.dagster_event and e.dagster_event.event_type_value == "ASSET_CHECK_EVALUATION" for e in events)
        materialised = instance.get_latest_materialization_event(dg.AssetKey(["marts", "fct_posts"]))
        assert materialised is not None and materialised.run_id == runs[0].run_id
