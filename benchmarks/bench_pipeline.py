"""End-to-end `hapuswatch run` on the demo source: wall time per corpus size, cold and warm, and peak RSS.

Usage: ``python benchmarks/bench_pipeline.py [--sizes 5000,100000] [--warm]``. Each size runs the real
console script in a fresh temporary data dir (no network, no credentials), exactly as a user would;
``--warm`` re-runs it on the same data dir (nothing new: measures the incremental path). Also prints
the demo generator's time for 1k..1M posts. Prints figures; never asserts timings.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingestion.sources.demo import generate_demo_posts  # noqa: E402

CLI = Path(sys.executable).parent / "hapuswatch"


def run_once(data_dir: Path, n: int) -> tuple[float, float, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HAPUSWATCH_", "REDDIT_", "DAGSTER_HOME"))}
    env.update({"HAPUSWATCH_DATA_DIR": str(data_dir), "HAPUSWATCH_DEMO_POSTS": str(n), "HF_HUB_OFFLINE": "1"})
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run([str(CLI), "run"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"hapuswatch run failed for n={n}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    summary = "\n".join(line for line in proc.stdout.splitlines() if "/" in line and line.split()[0].count("/") == 1)
    return seconds, peak_mb, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="5000,100000", help="comma list of HAPUSWATCH_DEMO_POSTS values")
    parser.add_argument("--warm", action="store_true", help="also time a second run on the same data dir")
    parser.add_argument("--show-assets", action="store_true", help="print the per-asset summary of each run")
    args = parser.parse_args()

    print("demo generator (posts -> seconds):")
    for n in (1_000, 10_000, 100_000, 1_000_000):
        started = time.perf_counter()
        generate_demo_posts(n)
        print(f"  {n:>9,}  {time.perf_counter() - started:6.2f} s")

    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        with tempfile.TemporaryDirectory(prefix="hapuswatch-bench-") as tmp:
            data_dir = Path(tmp) / "data"
            seconds, peak, summary = run_once(data_dir, n)
            with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
                quarantined = con.execute("select count(*) from raw.quarantine").fetchone()[0]
            with duckdb.connect(str(data_dir / "analytics.duckdb"), read_only=True) as con:
                posts = con.execute("select count(*) from marts.fct_posts").fetchone()[0]
            print(
                f"hapuswatch run, {n:,} demo posts, cold: {seconds:.1f} s, peak RSS {peak:,.0f} MB, "
                f"{posts:,} posts in marts.fct_posts, {quarantined:,} quarantined"
            )
            if args.show_assets:
                print(summary)
            if args.warm:
                seconds, peak, summary = run_once(data_dir, n)
                print(f"hapuswatch run, {n:,} demo posts, warm re-run: {seconds:.1f} s")
                if args.show_assets:
                    print(summary)


if __name__ == "__main__":
    main()
