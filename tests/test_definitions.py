"""The Dagster code location loads as `dagster dev` loads it, with the lineage and automation users expect."""

from __future__ import annotations

import dagster as dg


def test_definitions_load_with_lineage_jobs_and_stopped_automation(dbt_manifest):
    from orchestration.definitions import defs as load_defs

    defs = load_defs()
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"raw/demo_posts", "raw/reddit_posts", "raw/file_posts", "staging/stg_demo__posts",
            "intermediate/int_posts_unioned", "enrichment/post_enrichment", "topics/post_topics",
            "topics/topic_info", "marts/fct_posts", "marts/fct_daily_movement", "marts/dim_topics",
            "marts/fct_spikes", "marts/dim_events", "publish/analytics_db"} <= keys

    def upstream(key: str) -> set[str]:
        return {p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(key)).parent_keys}

    # data flows one way: raw → staging → enrichment/topics → marts → publish
    assert "raw/demo_posts" in upstream("staging/stg_demo__posts")
    assert "intermediate/int_posts_unioned" in upstream("enrichment/post_enrichment")
    # marts read the pipeline-written tables through intermediate models only
    # (int_posts_unioned: the incremental fct_posts deletes posts no longer there, macros/changed_rows.sql)
    assert upstream("marts/fct_posts") == {"intermediate/int_posts_enriched", "intermediate/int_posts_unioned"}
    assert {"enrichment/post_enrichment", "topics/post_topics", "topics/topic_info"} <= upstream(
        "intermediate/int_posts_enriched"
    )
    for key in keys:
        if key.startswith("marts/"):
            assert all(p.split("/")[0] in {"intermediate", "marts"} for p in upstream(key)), key
    assert "marts/fct_posts" in upstream("publish/analytics_db")
    for job in ("refresh_all", "collect_reddit"):
        assert defs.resolve_job_def(job) is not None
    assert {s.name for s in defs.schedules} == {"reddit_daily", "daily_refresh"}
    assert all(s.default_status == dg.DefaultScheduleStatus.STOPPED for s in defs.schedules)
    assert all(s.default_status == dg.DefaultSensorStatus.STOPPED for s in defs.sensors)


def test_dbt_resource_reads_dbts_version_without_a_subprocess(monkeypatch, tmp_path):
    """The dbt beside this interpreter is the installed dbt-core: no `dbt --version` per run, no adapter."""
    import subprocess

    import dagster_dbt.core.resource as resource
    from dbt.version import __version__ as dbt_version

    from orchestration.defs.dbt.project import dbt_executable, dbt_resource

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"unexpected subprocess {args}")

    monkeypatch.setattr(subprocess, "check_output", no_subprocess)
    monkeypatch.setattr(resource, "check_output", no_subprocess)
    dbt = dbt_resource()
    assert dbt.dbt_executable == dbt_executable() != "dbt"
    assert str(dbt._cli_version) == dbt_version
    assert dbt._initialize_dbt_core_adapter(["build"]) is None
    # during `hapuswatch run` the steps run the fork server's client (orchestration/defs/dbt/forkserver.py)
    from orchestration.defs.dbt.forkserver import SERVER_ENV, write_client

    client = write_client(tmp_path)
    monkeypatch.setenv(SERVER_ENV, f"1:{tmp_path / 'server.sock'}")
    dbt = dbt_resource()
    assert dbt.dbt_executable == dbt_executable() == str(client)
    assert str(dbt._cli_version) == dbt_version
