"""Headless runs: materialise the asset graph in-process and summarise it per asset.

`hapuswatch run` uses this so a fresh machine can build everything without the UI. Runs are recorded
in the Dagster instance under ``$HAPUSWATCH_DATA_DIR/dagster_home`` — the same one `make run` points
`dagster dev` at — so they show up in the UI afterwards.

Everything the run prints (Dagster's event log at DEBUG, dbt's output, library warnings, progress bars)
goes to ``$HAPUSWATCH_DATA_DIR/logs/run-<UTC time>.log`` with colour codes removed; the console gets a
compact summary (``verbose=True`` also echoes the full log). A run fails — and `hapuswatch run` exits
non-zero — when a step fails or a blocking (ERROR-severity) asset check fails.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import select
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ingestion.settings import Settings

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")
LOG_DIR_NAME = "logs"
KEEP_RUN_LOGS = 20


@dataclass
class CheckSummary:
    asset: str
    name: str
    passed: bool
    severity: str  # "ERROR" (blocking) or "WARN"
    detail: str = ""

    @property
    def blocking(self) -> bool:
        return not self.passed and self.severity == "ERROR"


@dataclass
class AssetSummary:
    asset: str
    rows: int | None
    seconds: float | None
    step: str
    quarantined: int | None = None
    checks_passed: int = 0
    checks_failed: int = 0


@dataclass
class RunSummary:
    success: bool
    seconds: float
    assets: list[AssetSummary] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    checks: list[CheckSummary] = field(default_factory=list)
    run_ids: list[str] = field(default_factory=list)
    quarantine_report: str = ""
    log_path: Path | None = None

    @property
    def failed_checks(self) -> list[str]:
        return [f"{c.asset}:{c.name}" for c in self.checks if not c.passed]

    @property
    def blocking_checks(self) -> list[CheckSummary]:
        return [c for c in self.checks if c.blocking]

    @property
    def ok(self) -> bool:
        """No failed step and no failed blocking check."""
        return self.success and not self.blocking_checks

    def format(self) -> str:
        width = max([len(a.asset) for a in self.assets] + [5])
        lines = [f"{'asset':<{width}}  {'rows':>10}  {'seconds':>7}  checks"]
        for a in self.assets:
            rows = f"{a.rows:,}" if a.rows is not None else "-"
            secs = f"{a.seconds:.1f}" if a.seconds is not None else ""
            checks = ""
            if a.checks_passed or a.checks_failed:
                checks = f"{a.checks_passed} passed" + (f", {a.checks_failed} FAILED" if a.checks_failed else "")
            lines.append(f"{a.asset:<{width}}  {rows:>10}  {secs:>7}  {checks}".rstrip())
        quarantined = [a for a in self.assets if a.quarantined]
        if quarantined:
            parts = ", ".join(f"{a.asset} {a.quarantined:,}" for a in quarantined)
            lines.append(f"quarantined rows (kept in raw.quarantine): {parts}")
        if self.quarantine_report:
            lines.append(self.quarantine_report)
        for check in self.checks:
            if not check.passed:
                kind = "blocking check FAILED" if check.blocking else "warning check failed"
                lines.append(f"{kind}: {check.asset}:{check.name}" + (f" ({check.detail})" if check.detail else ""))
        for failure in self.failures:
            lines.append(f"step FAILED: {failure}")
        status = "ok" if self.ok else "FAILED"
        reason = ""
        if not self.success:
            reason = f" ({len(self.failures)} step{'s' if len(self.failures) != 1 else ''} failed)"
        elif self.blocking_checks:
            n = len(self.blocking_checks)
            reason = f" ({n} blocking check{'s' if n != 1 else ''} failed)"
        lines.append(f"{status}: {len(self.assets)} assets in {self.seconds:.1f}s{reason}")
        if self.log_path is not None:
            lines.append(f"full log: {self.log_path}")
        return "\n".join(lines)


def prepare_environment(settings: Settings) -> None:
    """Create the data directories; make logs plain files (no colour codes, no progress bars).

    The run's configuration (data dir, sources, demo size) travels as resource values built from
    ``settings``; only output switches for libraries and child processes are set here.
    """
    settings.ensure_dirs()
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    from orchestration.instance import write_instance_config

    write_instance_config(settings.dagster_home)
    os.environ.setdefault("DBT_USE_COLORS", "false")
    os.environ.setdefault("NO_COLOR", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")


def new_log_path(settings: Settings) -> Path:
    """``$HAPUSWATCH_DATA_DIR/logs/run-<UTC time>.log``; older run logs beyond the newest 20 are removed."""
    folder = settings.data_dir / LOG_DIR_NAME
    folder.mkdir(parents=True, exist_ok=True)
    old = sorted(folder.glob("run-*.log"))
    for path in old[: max(0, len(old) - (KEEP_RUN_LOGS - 1))]:
        path.unlink(missing_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return folder / f"run-{stamp}.log"


@contextlib.contextmanager
def captured_output(log_path: Path, echo: bool) -> Iterator[Callable[[str], None]]:
    """Send everything written to stdout/stderr — by Python, native code and child processes (dbt) — to
    ``log_path`` with ANSI colour codes removed; with ``echo`` also to the console. Yields ``say``, which
    writes a line to the console (always) and to the log.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved_out, saved_err = os.dup(1), os.dup(2)
    read_end, write_end = os.pipe()
    log = open(log_path, "ab", buffering=0)  # noqa: SIM115 - closed below, after the reader finished
    console_is_tty = os.isatty(saved_out)

    stop = threading.Event()

    def pump() -> None:
        while True:
            # A child that outlives the run (multiprocessing's resource tracker keeps our stderr) holds the
            # write end open, so EOF may never come: once asked to stop, leave when nothing is pending.
            ready, _, _ = select.select([read_end], [], [], 0.1)
            if not ready:
                if stop.is_set():
                    return
                continue
            try:
                chunk = os.read(read_end, 65536)
            except OSError:
                return
            if not chunk:
                return
            clean = ANSI.sub(b"", chunk)
            log.write(clean)
            if echo:
                with contextlib.suppress(OSError):  # console gone (closed after a 10 s drain timeout)
                    os.write(saved_out, chunk if console_is_tty else clean)

    reader = threading.Thread(target=pump, name="hapuswatch-log", daemon=True)
    reader.start()
    os.dup2(write_end, 1)
    os.dup2(write_end, 2)
    os.close(write_end)

    def say(message: str) -> None:
        data = (message + "\n").encode("utf-8", "replace")
        os.write(saved_out, data)
        if not echo:
            log.write(data)

    try:
        yield say
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved_out, 1)
        os.dup2(saved_err, 2)
        stop.set()
        # drain what is still in the pipe (echo writes to saved_out) before closing the saved descriptors
        reader.join(timeout=10)
        os.close(saved_out)
        os.close(saved_err)
        if not reader.is_alive():
            os.close(read_end)
            log.close()


def _metadata_value(metadata: dict, key: str):
    entry = metadata.get(key)
    return getattr(entry, "value", entry) if entry is not None else None


def summarise(results: Sequence, started: float) -> RunSummary:
    """Per-asset rows, seconds and checks from in-process run results.

    Seconds: dbt models report their own execution time; a step that materialises one asset reports the
    step's; a step materialising several Python assets reports its time once, on its first asset.
    """
    from dagster import DagsterEventType

    summary = RunSummary(success=all(r.success for r in results), seconds=time.monotonic() - started)
    by_asset: dict[str, AssetSummary] = {}
    for result in results:
        summary.run_ids.append(result.run_id)
        step_seconds: dict[str, float] = {}
        step_assets: dict[str, int] = {}
        for event in result.all_events:
            if event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
                duration = getattr(event.event_specific_data, "duration_ms", None)
                if duration is not None:
                    step_seconds[event.step_key] = duration / 1000
            if event.event_type == DagsterEventType.STEP_FAILURE:
                error = event.event_specific_data.error
                message = error.message.strip().splitlines()[0] if error else "unknown error"
                summary.failures.append(f"{event.step_key}: {message}")
            if event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
                step_assets[event.step_key] = step_assets.get(event.step_key, 0) + 1
        seconds_given: set[str] = set()
        for event in result.all_events:
            if event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
                mat = event.event_specific_data.materialization
                name = mat.asset_key.to_user_string()
                rows = _metadata_value(mat.metadata, "dagster/row_count")
                quarantined = _metadata_value(mat.metadata, "quarantined")
                own = _metadata_value(mat.metadata, "Execution Duration")
                if own is not None:
                    seconds = float(own)
                elif step_assets.get(event.step_key, 0) <= 1 or event.step_key not in seconds_given:
                    seconds = step_seconds.get(event.step_key)
                    seconds_given.add(event.step_key)
                else:
                    seconds = None  # same step as the asset above: its time is already shown there
                entry = AssetSummary(
                    asset=name,
                    rows=int(rows) if rows is not None else None,
                    seconds=seconds,
                    step=event.step_key,
                    quarantined=int(quarantined) if quarantined is not None else None,
                )
                if name in by_asset:  # a partitioned asset materialised for several days: add them up
                    previous = by_asset[name]
                    entry.seconds = (previous.seconds or 0) + (entry.seconds or 0)
                    entry.checks_passed, entry.checks_failed = previous.checks_passed, previous.checks_failed
                    summary.assets.remove(previous)
                by_asset[name] = entry
                summary.assets.append(entry)
            elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
                evaluation = event.event_specific_data
                asset = evaluation.asset_key.to_user_string()
                severity = getattr(evaluation.severity, "value", str(evaluation.severity))
                detail = ", ".join(
                    f"{k} {getattr(v, 'value', v)}"
                    for k, v in (evaluation.metadata or {}).items()
                    if isinstance(getattr(v, "value", v), int | float | str) and len(str(getattr(v, "value", v))) < 40
                )
                summary.checks.append(CheckSummary(asset, evaluation.check_name, evaluation.passed, severity, detail))
                if asset in by_asset:
                    if evaluation.passed:
                        by_asset[asset].checks_passed += 1
                    else:
                        by_asset[asset].checks_failed += 1
    return summary


def _wait_for_background_work() -> None:
    """Join the threads steps leave running (the console script ends with ``os._exit``, which would kill
    them): model loading (orchestration.prewarm) and embedding caches still checkpointing."""
    from orchestration import prewarm

    prewarm.wait()
    embeddings = sys.modules.get("nlp.topics.embeddings")  # never imported: nothing can be closing
    if embeddings is not None:
        embeddings.wait_closed()


def _cleanup_multiprocessing() -> None:
    """Release the semaphores and worker pools libraries (joblib/loky, torch) created during the run.

    The console script ends with ``os._exit`` (see cli.entrypoint), which skips the finalizers that
    unregister them; the resource tracker would then warn about "leaked semaphore objects" at exit.
    """
    try:
        from joblib.externals.loky import reusable_executor

        # only an executor the run started: asking for one (get_reusable_executor) would start it
        executor = reusable_executor._executor
        if executor is not None:
            executor.shutdown(wait=True, kill_workers=True)
    except Exception:  # noqa: BLE001 - best effort: nothing to release when joblib never started workers
        pass
    import multiprocessing.util

    gc.collect()
    multiprocessing.util._run_finalizers(0)


def run_pipeline(
    settings: Settings,
    log: Callable[[str], None] = print,
    *,
    partition_start: date | None = None,
    partition_end: date | None = None,
    verbose: bool = False,
    log_path: Path | None = None,
) -> RunSummary:
    """Materialise every asset for ``settings``; partitioned assets run their refresh partitions first.

    ``partition_start``/``partition_end`` choose the days a partitioned source collects (a headless
    backfill); by default each partitioned asset's module decides (e.g. Reddit: its re-fetch window).
    With ``log_path`` everything the run prints goes to that file (``verbose`` also shows it); ``log``
    receives the progress lines either way.
    """
    started = time.monotonic()
    prepare_environment(settings)
    if log_path is None:
        return _run(settings, log, partition_start, partition_end, started)
    with captured_output(log_path, echo=verbose) as say:
        # progress lines reach the console through ``say``: stdout itself goes to the log while capturing
        summary = _run(settings, say, partition_start, partition_end, started)
    summary.log_path = log_path
    return summary


def _run(
    settings: Settings,
    log: Callable[[str], None],
    partition_start: date | None,
    partition_end: date | None,
    started: float,
) -> RunSummary:
    from orchestration.defs.dbt.commands import dbt_warm_up_args
    from orchestration.defs.dbt.forkserver import dbt_fork_server
    from orchestration.defs.dbt.run_dirs import kept_partial_parse

    results = []
    # dbt imported once, in a server that forks each dbt step's dbt process (forkserver.py); started first,
    # so it imports dbt on the other core while Dagster and the definitions load here
    with dbt_fork_server(dbt_warm_up_args(settings.warehouse_path), kept_partial_parse(settings.data_dir)):
        from orchestration.defs.dbt.project import prepare_dbt_project

        prepare_dbt_project()
        import dagster as dg

        from ingestion import store
        from orchestration import prewarm
        from orchestration.definitions import build_definitions
        from orchestration.defs.automation import PARTITIONED_JOBS, REFRESH_JOB

        defs = build_definitions(settings)
        prewarm.enable()  # every step runs in this process: models load while dbt works (orchestration/prewarm.py)
        store.keep_open()  # … and shares one open warehouse between steps (ingestion/warehouse/writes.py)
        # What start-up built (modules, Dagster's definitions, dbt's manifest) lives until the process ends:
        # out of the collector's generations, each full collection scans only what the run creates since.
        gc.freeze()
        # Runs are recorded where `make run`/`make dev` point `dagster dev` ($DAGSTER_HOME, else the data dir's).
        instance = (
            dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME")
            else dg.DagsterInstance.from_config(str(settings.dagster_home))
        )
        # The full event log goes to the log file; the console gets our summary.
        run_config = {"loggers": {"console": {"config": {"log_level": "DEBUG"}}}}
        try:
            # the jobs `dagster dev` schedules: each partitioned job for its chosen days, then the refresh job
            for name, choose in PARTITIONED_JOBS.items():
                job = defs.resolve_job_def(name)
                for key in choose(settings, partition_start, partition_end):
                    selected = ", ".join(k.to_user_string() for k in job.asset_layer.selected_asset_keys)
                    log(f"materialising {selected} partition {key}")
                    results.append(
                        job.execute_in_process(
                            instance=instance, partition_key=key, run_config=run_config, raise_on_error=False
                        )
                    )
            log("materialising the asset graph")
            results.append(
                defs.resolve_job_def(REFRESH_JOB).execute_in_process(
                    instance=instance, run_config=run_config, raise_on_error=False
                )
            )
        finally:
            store.keep_open(False)
            _wait_for_background_work()
            _cleanup_multiprocessing()
    summary = summarise(results, started)
    summary.quarantine_report = _quarantine_report(settings)
    return summary


def _quarantine_report(settings: Settings) -> str:
    """Every quarantined row by reason, with the query that lists them ("" when none)."""
    import duckdb

    from orchestration.reporting import quarantine_summary

    if not settings.warehouse_path.exists():
        return ""
    try:
        with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
            return quarantine_summary(con, settings.warehouse_path)
    except duckdb.Error:
        return ""
