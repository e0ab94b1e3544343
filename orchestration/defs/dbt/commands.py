"""The dbt command lines the dbt steps and the fork server run (standard library only: the runner builds
them before it imports Dagster, dagster-dbt or dbt)."""

from __future__ import annotations

import json
from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"


def dbt_vars_args(warehouse_path: Path) -> list[str]:
    """``--vars`` with the warehouse path, which profiles.yml reads (no environment variable is set)."""
    return ["--vars", json.dumps({"warehouse_path": str(warehouse_path)})]


def dbt_build_args(warehouse_path: Path) -> list[str]:
    """Arguments of the `dbt build` each step runs; dagster-dbt appends the step's selection.

    ``--no-write-json``: no manifest.json and run_results.json per step (≈ 0.25 s each time at 1M posts);
    Dagster's event log holds every node's result and the run folder keeps dbt.log and the compiled SQL.
    ``--exclude-resource-type unit_test``: dbt's unit tests check the SQL, not the data, so they run in
    development and CI rather than in every production build, as dbt recommends (`make test` builds the
    marts with them: tests/test_marts_published.py); in a build they delay the model they test.
    """
    return ["build", *dbt_vars_args(warehouse_path), "--no-write-json", "--exclude-resource-type", "unit_test"]


def dbt_warm_up_args(warehouse_path: Path) -> list[str]:
    """The `dbt parse` the fork server runs before serving the steps (same vars, so partial parsing applies).

    ``--no-static-parser``: dbt's static model parser (dbt-extractor, Rust) starts a thread pool on first
    use, and a process forked after that cannot use it: a step whose models changed would hang parsing them.
    """
    return [
        "parse", *dbt_vars_args(warehouse_path), "--no-static-parser",
        "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
    ]  # fmt: skip
