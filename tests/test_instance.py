"""The Dagster instance of a data dir: Dagster's SQLite storage with the event log's connections kept open."""

from __future__ import annotations

import dagster as dg

from orchestration.instance import HEADER, PooledSqliteEventLogStorage, write_instance_config


@dg.asset
def numbers() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"n": 3})


@dg.asset_check(asset=numbers)
def numbers_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _run_job(instance: dg.DagsterInstance) -> str:
    job = dg.Definitions(assets=[numbers], asset_checks=[numbers_positive]).resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(instance=instance)
    assert result.success
    return result.run_id


def test_written_config_gives_the_pooled_event_log_and_runs_read_back(tmp_path):
    assert write_instance_config(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        run_ids = [_run_job(instance) for _ in range(3)]
        assert [r.run_id for r in instance.get_runs()] == run_ids[::-1]
        record = instance.get_latest_materialization_event(dg.AssetKey("numbers"))
        assert record is not None and record.run_id == run_ids[-1]
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("numbers"), "numbers_positive")]
        )
        assert len(check) == 1
    # Dagster's default storage reads the same folders
    (tmp_path / "dagster.yaml").unlink()
    with dg.DagsterInstance.from_config(str(tmp_path)) as plain:
        assert type(plain.event_log_storage).__name__ == "SqliteEventLogStorage"
        assert len(plain.get_runs()) == 3
        assert plain.get_latest_materialization_event(dg.AssetKey("numbers")).run_id == run_ids[-1]


def test_only_the_most_recent_shards_keep_an_open_engine(tmp_path, monkeypatch):
    monkeypatch.setattr(PooledSqliteEventLogStorage, "max_engines", 2)
    write_instance_config(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        run_ids = [_run_job(instance) for _ in range(4)]
        storage = instance.event_log_storage
        assert len(storage._engines) == 2
        # a disposed shard opens again on demand
        assert any(e.dagster_event and e.dagster_event.event_type_value == "PIPELINE_SUCCESS"
                   for e in instance.all_logs(run_ids[0]))
        assert len(storage._engines) == 2


def test_a_users_dagster_yaml_is_left_alone(tmp_path):
    mine = tmp_path / "dagster.yaml"
    mine.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    assert not write_instance_config(tmp_path)
    assert mine.read_text(encoding="utf-8") == "telemetry:\n  enabled: false\n"
    mine.write_text(HEADER + "\nold: config\n", encoding="utf-8")
    assert write_instance_config(tmp_path)
    assert "PooledSqliteEventLogStorage" in mine.read_text(encoding="utf-8")
