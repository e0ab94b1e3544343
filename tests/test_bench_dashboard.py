"""The dashboard benchmark builds every mart the dashboard reads from the project's own model SQL; a model
change that its renderer cannot build (a new macro or config) must fail here, not only when someone runs it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_dashboard.py"


def test_bench_dashboard_builds_every_mart_from_the_model_sql(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_dashboard", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path / "analytics.duckdb"
    timings = bench.build_db(path, 3000)
    assert set(bench.MODELS) <= set(timings)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_posts").fetchone()[0] == 3000
        for model in bench.MODELS:
            assert con.execute(f"select count(*) from marts.{model}").fetchone()[0] >= 0
        journey = con.execute("select count(*), count(distinct author_key) from marts.fct_author_journey").fetchone()
        assert journey[0] == journey[1] > 0
