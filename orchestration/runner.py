"""Headless runs: materialise the asset graph in-process and summarise it per asset.

`hapuswatch run` uses this so a fresh machine can build everything without the UI. Runs are recorded
in the Dagster instance under ``$HAPUSWATCH_DATA_DIR/dagster_home`` — the same one `make run` points
`dagster dev` at — so they show up in the UI afterwards.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ingestion.settings import Settings


@dataclass
class AssetSummary:
    asset: str
    rows: int | None
    seconds: float | None
    step: str


@dataclass
class RunSummary:
    success: bool
    seconds: float
    assets: list[AssetSummary] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    run_ids: list[str] = field(default_factory=list)

    def format(self) -> str:
        width = max([len(a.asset) for a in self.assets] + [5])
        lines = [f"{'asset':<{width}}  {'rows':>10}  {'step s':>7}"]
        for a in self.assets:
            rows = f"{a.rows:,}" if a.rows is not None else "-"
            secs = f"{a.seconds:.1f}" if a.seconds is not None else "-"
            lines.append(f"{a.asset:<{width}}  {rows:>10}  {secs:>7}")
        for check in self.failed_checks:
            lines.append(f"check failed: {check}")
        for failure in self.failures:
            lines.append(f"FAILED: {failure}")
        status = "ok" if self.success else "FAILED"
        lines.append(f"{status}: {len(self.assets)} assets in {self.seconds:.1f}s")
        return "\n".join(lines)


def prepare_environment(settings: Settings) -> None:
    """Point every component at this installation: data dir, Dagster home, dbt's warehouse path."""
    settings.ensure_dirs()
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    os.environ["HAPUSWATCH_DATA_DIR"] = str(settings.data_dir)
    os.environ["HAPUSWATCH_SOURCES"] = ",".join(settings.sources)
    os.environ["HAPUSWATCH_DEMO_POSTS"] = str(settings.demo_posts)
    os.environ["HAPUSWATCH_WAREHOUSE_PATH"] = str(settings.warehouse_path)
    os.environ.setdefault("DAGSTER_HOME", str(settings.dagster_home))


def summarise(results: Sequence, started: float) -> RunSummary:
    """Per-asset rows and step durations from in-process run results."""
    from dagster import DagsterEventType

    summary = RunSummary(success=all(r.success for r in results), seconds=time.monotonic() - started)
    for result in results:
        summary.run_ids.append(result.run_id)
        step_seconds: dict[str, float] = {}
        for event in result.all_events:
            if event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
                duration = getattr(event.event_specific_data, "duration_ms", None)
                if duration is not None:
                    step_seconds[event.step_key] = duration / 1000
            if event.event_type == DagsterEventType.STEP_FAILURE:
                error = event.event_specific_data.error
                message = error.message.strip().splitlines()[0] if error else "unknown error"
                summary.failures.append(f"{event.step_key}: {message}")
        for event in result.all_events:
            if event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
                mat = event.event_specific_data.materialization
                rows = mat.metadata.get("dagster/row_count")
                summary.assets.append(
                    AssetSummary(
                        asset=mat.asset_key.to_user_string(),
                        rows=int(rows.value) if rows is not None else None,
                        seconds=step_seconds.get(event.step_key),
                        step=event.step_key,
                    )
                )
            elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
                evaluation = event.event_specific_data
                if not evaluation.passed:
                    summary.failed_checks.append(
                        f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                    )
    return summary


def run_pipeline(
    settings: Settings,
    log: Callable[[str], None] = print,
    *,
    partition_start: date | None = None,
    partition_end: date | None = None,
) -> RunSummary:
    """Materialise every asset for ``settings``; partitioned assets run their refresh partitions first.

    ``partition_start``/``partition_end`` choose the days a partitioned source collects (a headless
    backfill); by default each partitioned asset's module decides (e.g. Reddit: its re-fetch window).
    """
    started = time.monotonic()
    prepare_environment(settings)
    from orchestration.defs.dbt.project import prepare_dbt_project

    prepare_dbt_project()
    import dagster as dg

    from orchestration.definitions import build_definitions

    defs = build_definitions()
    instance = dg.DagsterInstance.get()
    assets = list(defs.assets or []) + list(defs.asset_checks or [])
    resources = dict(defs.resources or {})
    from orchestration.defs.collection import PARTITION_REFRESH

    partitioned = [a for a in defs.assets or [] if getattr(a, "partitions_def", None) is not None]
    # Our own summary replaces Dagster's DEBUG event stream on the console; the UI keeps the full log.
    run_config = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    results = []
    for asset in partitioned:
        chooser = PARTITION_REFRESH.get(asset.key)
        keys = list(chooser(settings, partition_start, partition_end)) if chooser else []
        for key in keys:
            log(f"materialising {', '.join(k.to_user_string() for k in asset.keys)} partition {key}")
            results.append(
                dg.materialize(
                    assets, instance=instance, resources=resources, partition_key=key, run_config=run_config,
                    selection=dg.AssetSelection.assets(*asset.keys), raise_on_error=False,
                )
            )
    rest = dg.AssetSelection.all() - dg.AssetSelection.assets(*[k for a in partitioned for k in a.keys])
    log("materialising the asset graph")
    results.append(
        dg.materialize(
            assets, instance=instance, resources=resources, selection=rest, run_config=run_config,
            raise_on_error=False,
        )
    )
    return summarise(results, started)

