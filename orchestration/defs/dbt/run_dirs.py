"""Where each dbt invocation of a run writes its artifacts and log: under the data dir, cleaned as it goes.

dagster-dbt gives every invocation its own target folder (manifest, run_results.json, compiled SQL,
dbt.log: ~7 MB). They live in ``$HAPUSWATCH_DATA_DIR/dbt/runs/<step>-<run id>`` — per data dir, never in
the repository — and only the newest ``KEEP_PER_STEP`` folders of each step are kept. The parsed project
manifest that Dagster loads depends only on the code and stays in ``dbt_project/target/``.

A fresh target folder has no ``partial_parse.msgpack``, so dbt would parse the whole project on every
invocation (~2.5 s each, twice a run). The newest one is kept per data dir
(``$HAPUSWATCH_DATA_DIR/dbt/partial_parse.msgpack``) and seeded into each new folder; dbt checks it
against the project files, vars and profile itself and parses again whatever changed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

KEEP_PER_STEP = 3
RUNS_DIR = Path("dbt") / "runs"
PARTIAL_PARSE = "partial_parse.msgpack"


def dbt_run_dir(data_dir: Path, step: str, run_id: str) -> Path:
    """The target/log folder of one dbt step of one Dagster run."""
    return Path(data_dir) / RUNS_DIR / f"{step}-{run_id[:8]}"


def clean_dbt_run_dirs(folder: Path, steps: list[str] | tuple[str, ...], keep: int = KEEP_PER_STEP) -> list[Path]:
    """Remove all but the newest ``keep`` folders named ``<step>-*`` in ``folder``; returns what was removed."""
    removed: list[Path] = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for step in steps:
        runs = sorted(
            (p for p in folder.glob(f"{step}-*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for path in runs[keep:]:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def kept_partial_parse(data_dir: Path) -> Path:
    """The data dir's newest ``partial_parse.msgpack`` (which may not exist yet)."""
    return Path(data_dir) / RUNS_DIR.parent / PARTIAL_PARSE


def seed_partial_parse(data_dir: Path, run_dir: Path) -> bool:
    """Copy the data dir's newest ``partial_parse.msgpack`` into a new run folder; whether there was one."""
    kept = kept_partial_parse(data_dir)
    if not kept.is_file():
        return False
    Path(run_dir).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kept, Path(run_dir) / PARTIAL_PARSE)
    return True


def keep_partial_parse(data_dir: Path, run_dir: Path) -> bool:
    """Keep the run folder's ``partial_parse.msgpack`` for the next invocation (replaced atomically)."""
    written = Path(run_dir) / PARTIAL_PARSE
    if not written.is_file():
        return False
    kept = kept_partial_parse(data_dir)
    kept.parent.mkdir(parents=True, exist_ok=True)
    tmp = kept.with_name(f".{PARTIAL_PARSE}.{os.getpid()}.tmp")
    shutil.copyfile(written, tmp)
    os.replace(tmp, kept)
    return True
