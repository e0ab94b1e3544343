"""The automation logic on its own: the spike check, which Reddit days a headless run collects, the
schedules' run requests, the dbt translator and CLI arguments, the run summary, and the jobs a run uses."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest

from ingestion.settings import Settings
from ingestion.sources.reddit import PARTITION_START
from orchestration.defs.automation import PARTITIONED_JOBS, REFRESH_JOB, daily_refresh, reddit_daily
from orchestration.defs.collection.reddit import partitions_to_refresh
from orchestration.defs.dbt.checks import latest_day_is_not_a_spike
from orchestration.defs.dbt.project import TRANSLATOR, dbt_build_args, dbt_layer
from orchestration.resources import WarehouseResource
from orchestration.runner import summarise

REPO = Path(__file__).resolve().parents[1]


# -- the spike check ---------------------------------------------------------------------------------------

def _warehouse_with_spikes(tmp_path: Path, spike_days: list[str]) -> WarehouseResource:
    warehouse = WarehouseResource(data_dir=str(tmp_path / "data"))
    with warehouse.connect() as con:
        con.execute("create schema if not exists marts")
        con.execute("create table marts.fct_daily_volume (day date)")
        con.execute("insert into marts.fct_daily_volume values ('2026-02-13'), ('2026-02-14'), ('2026-02-15')")
        con.execute(
            "create table marts.fct_spikes (day date, posts bigint, robust_z double, event_title varchar, "
            "top_topics varchar[], top_stances varchar[])"
        )
        for day in spike_days:
            con.execute(
                "insert into marts.fct_spikes values (?, 420, 7.5, null, ['cara hapus akun'], ['deleted', 'intends'])",
                [day],
            )
    return warehouse


def test_spike_check_warns_when_the_latest_day_is_a_spike(tmp_path):
    result = latest_day_is_not_a_spike(warehouse=_warehouse_with_spikes(tmp_path, ["2026-02-15"]))
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    meta = {k: getattr(v, "value", getattr(v, "text", v)) for k, v in result.metadata.items()}
    assert meta["latest_day"] == "2026-02-15" and meta["posts"] == 420 and meta["robust_z"] == 7.5
    assert meta["event"] == "no dated event within 3 days"
    assert meta["top_topics"] == "cara hapus akun" and meta["top_stances"] == "deleted, intends"


def test_spike_check_passes_when_only_earlier_days_spiked(tmp_path):
    result = latest_day_is_not_a_spike(warehouse=_warehouse_with_spikes(tmp_path, ["2026-02-13"]))
    assert result.passed
    assert result.metadata["latest_day"].value == "2026-02-15" and "posts" not in result.metadata


# -- which Reddit partitions a headless run refreshes ----------------------------------------------------------

def _settings(tmp_path: Path, *sources: str) -> Settings:
    return Settings(data_dir=tmp_path, sources=sources)


def test_partitions_to_refresh_is_empty_without_the_reddit_source(tmp_path):
    assert partitions_to_refresh(_settings(tmp_path, "demo", "files")) == []


def test_partitions_to_refresh_default_is_the_refetch_window_up_to_today(tmp_path, monkeypatch):
    monkeypatch.setenv("HAPUSWATCH_REDDIT_REFETCH_DAYS", "2")
    today = datetime.now(UTC).date()
    days = partitions_to_refresh(_settings(tmp_path, "reddit"))
    assert days == [(today - timedelta(days=n)).isoformat() for n in (2, 1, 0)]
    monkeypatch.setenv("HAPUSWATCH_REDDIT_REFETCH_DAYS", "0")
    assert partitions_to_refresh(_settings(tmp_path, "reddit")) == [today.isoformat()]


def test_partitions_to_refresh_explicit_range_is_clipped_to_the_partitions_that_exist(tmp_path):
    settings = _settings(tmp_path, "reddit")
    assert partitions_to_refresh(settings, date(2026, 2, 1), date(2026, 2, 3)) == [
        "2026-02-01", "2026-02-02", "2026-02-03"
    ]
    # nothing before the first partition, nothing after today
    before = PARTITION_START - timedelta(days=5)
    assert partitions_to_refresh(settings, before, PARTITION_START + timedelta(days=1)) == [
        PARTITION_START.isoformat(), (PARTITION_START + timedelta(days=1)).isoformat()
    ]
    today = datetime.now(UTC).date()
    assert partitions_to_refresh(settings, today, today + timedelta(days=30)) == [today.isoformat()]
    assert partitions_to_refresh(settings, date(2026, 2, 3), date(2026, 2, 1)) == []


# -- schedules ---------------------------------------------------------------------------------------------------

def test_reddit_daily_requests_yesterday_and_today_with_stable_run_keys():
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 2, 15, 1, 0, tzinfo=UTC))
    requests = list(reddit_daily(context))
    assert [(r.partition_key, r.run_key) for r in requests] == [
        ("2026-02-14", "reddit-2026-02-14-2026-02-15"),
        ("2026-02-15", "reddit-2026-02-15-2026-02-15"),
    ]
    # the same tick evaluated again asks for the same runs (Dagster skips run keys it has seen)
    assert [r.run_key for r in reddit_daily(context)] == [r.run_key for r in requests]


def test_daily_refresh_requests_one_run_of_the_refresh_job_after_the_collection():
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 2, 15, 2, 0, tzinfo=UTC))
    result = daily_refresh.evaluate_tick(context)
    assert len(result.run_requests) == 1 and result.run_requests[0].partition_key is None
    assert daily_refresh.job_name == REFRESH_JOB
    assert reddit_daily.cron_schedule < daily_refresh.cron_schedule  # 01:00 collection, 02:00 refresh


# -- the jobs a headless run uses ---------------------------------------------------------------------------------

def test_the_jobs_cover_every_asset_once(dbt_manifest):
    from orchestration.definitions import defs

    loaded = defs()
    every = set(loaded.resolve_asset_graph().get_all_asset_keys())
    materialisable = {k for k in every if loaded.resolve_asset_graph().get(k).is_materializable}
    refresh = set(loaded.resolve_job_def(REFRESH_JOB).asset_layer.selected_asset_keys)
    partitioned = [set(loaded.resolve_job_def(name).asset_layer.selected_asset_keys) for name in PARTITIONED_JOBS]
    assert refresh.union(*partitioned) == materialisable
    assert all(not (refresh & keys) for keys in partitioned)
    assert [k.to_user_string() for keys in partitioned for k in keys] == ["raw/reddit_posts"]


# -- the dbt translator and CLI arguments --------------------------------------------------------------------------

def test_dbt_build_args_pass_the_warehouse_path_as_a_var_profiles_yml_reads(tmp_path):
    args = dbt_build_args(tmp_path / "data" / "warehouse.duckdb")
    assert args[0] == "build" and args[1] == "--vars"
    assert json.loads(args[2]) == {"warehouse_path": str(tmp_path / "data" / "warehouse.duckdb")}
    # no JSON artefacts per step; unit tests run in CI builds (tests/test_marts_published.py), not in runs
    assert args[3:] == ["--no-write-json", "--exclude-resource-type", "unit_test"]
    # the fork server's warm-up parses with the same vars (partial parsing applies), static parser off
    from orchestration.defs.dbt.commands import dbt_warm_up_args

    warm_up = dbt_warm_up_args(tmp_path / "data" / "warehouse.duckdb")
    assert warm_up[:4] == ["parse", *args[1:3], "--no-static-parser"]
    profiles = (REPO / "dbt_project" / "profiles.yml").read_text(encoding="utf-8")
    assert "var('warehouse_path'" in profiles


@pytest.mark.parametrize(
    ("props", "layer"),
    [
        ({"resource_type": "model", "fqn": ["hapuswatch", "staging", "stg_demo__posts"]}, "staging"),
        ({"resource_type": "model", "fqn": ["hapuswatch", "intermediate", "int_posts_enriched"]}, "intermediate"),
        ({"resource_type": "model", "fqn": ["hapuswatch", "marts", "fct_posts"]}, "marts"),
        ({"resource_type": "seed", "fqn": ["hapuswatch", "dim_events"]}, "marts"),
        ({"resource_type": "model", "fqn": ["hapuswatch", "elsewhere", "x"], "schema": "scratch"}, "scratch"),
    ],
)
def test_dbt_layer_is_the_model_folder(props, layer):
    assert dbt_layer(props) == layer


def test_translator_keys_models_by_layer_and_sources_by_their_python_asset(dbt_manifest):
    manifest = json.loads(Path(dbt_manifest).read_text(encoding="utf-8"))

    def spec(unique_id: str) -> dg.AssetSpec:
        return TRANSLATOR.get_asset_spec(manifest, unique_id, None)

    staged = spec("model.hapuswatch.stg_demo__posts")
    assert (staged.key.to_user_string(), staged.group_name) == ("staging/stg_demo__posts", "staging")
    assert {d.asset_key.to_user_string() for d in staged.deps} == {"raw/demo_posts"}
    enriched = spec("model.hapuswatch.int_posts_enriched")
    assert (enriched.key.to_user_string(), enriched.group_name) == ("intermediate/int_posts_enriched", "intermediate")
    assert {d.asset_key.to_user_string() for d in enriched.deps} == {
        "intermediate/int_posts_unioned", "enrichment/post_enrichment", "topics/post_topics", "topics/topic_info"
    }
    seed = spec("seed.hapuswatch.dim_events")
    assert (seed.key.to_user_string(), seed.group_name) == ("marts/dim_events", "marts")
    assert spec("source.hapuswatch.labels.stance_labels").key.to_user_string() == "labels/stance_labels"


# -- the run summary ---------------------------------------------------------------------------------------------------

days = dg.StaticPartitionsDefinition(["2026-02-14", "2026-02-15"])


@dg.asset(key=["raw", "toy_posts"], partitions_def=days)
def toy_posts() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"dagster/row_count": 10, "quarantined": 1})


@dg.multi_asset(specs=[dg.AssetSpec(["topics", "toy_a"]), dg.AssetSpec(["topics", "toy_b"])])
def toy_pair():
    yield dg.MaterializeResult(asset_key=["topics", "toy_a"], metadata={"dagster/row_count": 3})
    yield dg.MaterializeResult(asset_key=["topics", "toy_b"], metadata={"dagster/row_count": 4})


@dg.asset_check(asset=dg.AssetKey(["topics", "toy_a"]))
def toy_a_warns() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN, metadata={"share": 0.3})


@dg.asset_check(asset=dg.AssetKey(["topics", "toy_b"]))
def toy_b_blocks() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, metadata={"duplicate_keys": 2})


@dg.asset(key=["marts", "toy_broken"], deps=[dg.AssetKey(["topics", "toy_b"])])
def toy_broken() -> None:
    raise ValueError("toy failure\nsecond line")


def test_summarise_adds_up_partitions_counts_checks_and_lists_failures():
    started = time.monotonic()
    results = [
        dg.materialize([toy_posts], partition_key=day, raise_on_error=False) for day in ("2026-02-14", "2026-02-15")
    ]
    results.append(dg.materialize([toy_pair, toy_a_warns, toy_b_blocks, toy_broken], raise_on_error=False))
    summary = summarise(results, started)

    rows = {a.asset: a for a in summary.assets}
    assert list(rows) == ["raw/toy_posts", "topics/toy_a", "topics/toy_b"]  # the failed asset never materialised
    assert rows["raw/toy_posts"].rows == 10 and rows["raw/toy_posts"].quarantined == 1  # one row per asset
    assert rows["raw/toy_posts"].seconds is not None
    # two assets of one step: the step's time once, on the first
    assert rows["topics/toy_a"].seconds is not None and rows["topics/toy_b"].seconds is None
    assert (rows["topics/toy_a"].checks_failed, rows["topics/toy_b"].checks_failed) == (1, 1)
    assert not summary.success and len(summary.failures) == 1
    assert summary.failures[0].startswith("marts__toy_broken: ") and "\n" not in summary.failures[0]
    assert [f"{c.asset}:{c.name}" for c in summary.blocking_checks] == ["topics/toy_b:toy_b_blocks"]
    assert summary.failed_checks == ["topics/toy_a:toy_a_warns", "topics/toy_b:toy_b_blocks"]
    assert len(summary.run_ids) == 3 and not summary.ok
    text = summary.format()
    assert "warning check failed: topics/toy_a:toy_a_warns (share 0.3)" in text
    assert "blocking check FAILED: topics/toy_b:toy_b_blocks (duplicate_keys 2)" in text
    assert "quarantined rows (kept in raw.quarantine): raw/toy_posts 1" in text
    assert text.splitlines()[-1].startswith("FAILED: 3 assets") and "(1 step failed)" in text


# -- resources -------------------------------------------------------------------------------------------------------

def test_shared_resources_read_env_vars_when_set_and_defaults_otherwise(tmp_path, monkeypatch):
    from orchestration.resources import shared_resources

    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HAPUSWATCH_SOURCES", "demo,files")
    monkeypatch.delenv("HAPUSWATCH_DEMO_POSTS", raising=False)
    resources = shared_resources()
    # the UI shows which variable a field reads
    for field, var in ((resources["warehouse"].data_dir, "HAPUSWATCH_DATA_DIR"),
                       (resources["sources"].enabled, "HAPUSWATCH_SOURCES")):
        assert isinstance(field, dg.EnvVar) and field.env_var_name == var
    assert resources["sources"].demo_posts == 5000
    # the headless runner passes its settings' values, nothing from the environment
    explicit = shared_resources(Settings(data_dir=tmp_path / "other", sources=("reddit",), demo_posts=7))
    assert explicit["warehouse"].data_dir == str(tmp_path / "other")
    assert (explicit["sources"].names, explicit["sources"].demo_posts) == (("reddit",), 7)
    assert explicit["sources"].is_enabled("reddit") and not explicit["sources"].is_enabled("demo")


def test_env_configured_resources_resolve_when_a_run_starts(tmp_path, monkeypatch):
    """What `dagster dev` runs with: the variables are read at run time, and the run writes where they point."""
    from orchestration.defs.collection.files import file_posts
    from orchestration.resources import shared_resources

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("HAPUSWATCH_SOURCES", "demo")  # files disabled: the asset only reports the table
    result = dg.materialize([file_posts], resources=shared_resources())
    meta = result.asset_materializations_for_node("raw__file_posts")[0].metadata
    assert meta["status"].value == "disabled"
    assert (tmp_path / "from-env" / "warehouse.duckdb").is_file()


def test_dbt_parse_is_skipped_only_while_the_manifest_is_current(dbt_manifest, tmp_path, monkeypatch):
    from orchestration.defs.dbt import project as dbt_project_module

    project = dbt_project_module._project()
    assert dbt_project_module.manifest_is_current(project)
    # A project file changed after the parse: the manifest is stale and must be parsed again.
    fake_dir = tmp_path / "dbt_project"
    (fake_dir / "models").mkdir(parents=True)
    (fake_dir / "models" / "new_model.sql").write_text("select 1 as x\n")
    monkeypatch.setattr(dbt_project_module, "DBT_PROJECT_DIR", fake_dir)
    assert not dbt_project_module.manifest_is_current(project)
