"""The stages around the models at large sizes, without running the models: collection, dbt, publish.

A full `hapuswatch run` at 1M posts is dominated by enrichment and embedding (see bench_pipeline.py and
bench_topics.py). This times the other stages on their own, at any size, with the project's own code:

1. **collection**: ``collect_demo(n)`` (what the ``raw/demo_posts`` asset does): generate →
   normalise/validate/pseudonymise → store into an empty warehouse, then again with nothing new (nothing
   generated or written) and with 1% more posts (only the new posts generated and stored);
2. **enrichment/topics stand-in**: enrichment and topic rows are copied from a finished smaller run
   (``--from``, a data dir left by ``bench_pipeline.py --keep``) onto the new posts with the same text
   (so the marts' joins have the real shapes);
3. **dbt staging** and **dbt marts**: ``dbt build`` of the same two selections the pipeline runs, cold and
   again after +1% posts;
4. **publish**: ``publish_analytics_db`` (the publish asset's body), cold and after +1%.

Each stage reports wall seconds, CPU seconds and the peak RSS of the processes doing it.

    .venv/bin/python benchmarks/bench_stages.py --from /tmp/bench/data-100000 --posts 1000000
    .venv/bin/python benchmarks/bench_stages.py --collection-only --posts 100000,1000000

``--collection-only`` times the collection alone, each step in a fresh process: cold, nothing new, +1 %,
nothing new again, and back to the first size (the posts beyond it removed).

Prints figures; asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))



def dbt_selections() -> dict[str, tuple[str, str | None]]:
    """The pipeline's own dbt steps: {"dbt staging": (select, exclude), "dbt marts": (...)}."""
    from orchestration.defs.dbt.project import DBT_STEPS

    out = {}
    for name, selection in DBT_STEPS.items():
        select, exclude = (selection, None) if isinstance(selection, str) else selection
        out[name.replace("_", " ")] = (select, exclude)
    return out


class Meter:
    """Wall seconds, CPU seconds (this process and its reaped children) and peak RSS of a block."""

    def __init__(self, label: str, results: list[tuple[str, float, float, float]]):
        self.label, self.results = label, results

    def __enter__(self) -> Meter:
        self._rss_peak = 0.0
        self._done = threading.Event()

        def sample() -> None:
            while not self._done.is_set():
                self._rss_peak = max(self._rss_peak, _tree_rss_mb(os.getpid()))
                self._done.wait(0.1)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        self._cpu = _cpu()
        self._t = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        wall = time.perf_counter() - self._t
        cpu = _cpu() - self._cpu
        self._done.set()
        self._thread.join()
        self.results.append((self.label, wall, cpu, self._rss_peak))
        print(f"  {self.label:<28} {wall:8.1f} s wall {cpu:8.1f} s cpu {self._rss_peak:8,.0f} MB peak", flush=True)


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _tree_rss_mb(pid: int) -> float:
    page = os.sysconf("SC_PAGE_SIZE")
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_bytes()
            except OSError:
                continue
            kids.setdefault(int(stat[stat.rindex(b")") + 2 :].split()[1]), []).append(int(entry.name))
    todo, total = [pid], 0
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, ()))
        with contextlib.suppress(OSError):
            total += int(Path(f"/proc/{p}/statm").read_bytes().split()[1]) * page
    return total / 2**20


def collect(data_dir: Path, n: int):  # -> ingestion.collect.DemoReport
    from ingestion.collect import collect_demo
    from ingestion.settings import Settings

    settings = Settings.from_env({"HAPUSWATCH_DATA_DIR": str(data_dir), "HAPUSWATCH_DEMO_POSTS": str(n)})
    settings.ensure_dirs()
    return collect_demo(settings, n)


def collect_child(data_dir: Path, n: int) -> None:
    """One collection in this (fresh) process; prints its own wall/CPU seconds, peak and baseline RSS."""
    import ingestion.collect  # noqa: F401 - imports are the process's baseline, not the collection's
    import ingestion.records  # noqa: F401
    import ingestion.sources.demo  # noqa: F401

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu, t = _cpu(), time.perf_counter()
    run = collect(data_dir, n)
    wall, cpu = time.perf_counter() - t, _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {wall:.2f} {cpu:.2f} {peak:.0f} {base:.0f} {run.mode} {run.generated} {run.valid}", flush=True)


def collection_only(sizes: list[int], keep: Path | None) -> None:
    """Cold, nothing new, +1 %, back to the first size: each a fresh process (its own peak RSS)."""
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="hapuswatch-collect-"))
        data_dir = keep / f"data-{n}" if keep else tmp / "data"
        shutil.rmtree(data_dir, ignore_errors=True)
        more = n + n // 100
        print(f"{n:,} demo posts; load average {os.getloadavg()[0]:.2f}; cores {os.cpu_count()}")
        print(f"  {'step':<22} {'posts':>10} {'mode':>9} {'generated':>10} {'wall s':>7} {'cpu s':>7} "
              f"{'peak MB':>8} {'(baseline MB)':>13}")
        try:
            for label, size in (("cold", n), ("nothing new", n), ("+1 %", more), ("nothing new", more),
                                ("back to -1 %", n)):
                proc = subprocess.run(
                    [sys.executable, __file__, "--collect-child", str(data_dir), str(size)],
                    capture_output=True, text=True,
                )
                line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
                if proc.returncode != 0 or line is None:
                    raise SystemExit(f"collection of {size} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
                wall, cpu, peak, base, mode, generated, valid = line.split()[1:]
                print(f"  {label:<22} {size:>10,} {mode:>9} {int(generated):>10,} {float(wall):>7.2f} "
                      f"{float(cpu):>7.2f} {float(peak):>8,.0f} {'(' + base + ')':>13}", flush=True)
            print(f"  valid posts stored {int(valid):,}; load average {os.getloadavg()[0]:.2f}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def copy_model_rows(warehouse: Path, source: Path) -> None:
    """Enrichment and topic rows of ``source``'s posts onto every post of ``warehouse`` with the same text."""
    import duckdb

    con = duckdb.connect(str(warehouse))
    try:
        con.execute(f"attach '{source}' as src (read_only)")
        for table, key in (("enrichment.post_enrichment", "e"), ("topics.post_topics", "t")):
            con.execute(f"delete from {table}")
            cols = [r[0] for r in con.execute(f"select column_name from (describe {table})").fetchall()]
            picked = ", ".join(
                f"p.{c}" if c in ("platform", "post_id", "content_hash") else f"{key}.{c}" for c in cols
            )
            # the same text (title + body) gets the same enrichment and topic: one source row per text
            con.execute(
                f"""
                insert into {table} ({", ".join(cols)})
                with src_rows as (
                    select {key}.*, coalesce(s.title, '') || '\x1f' || coalesce(s.body, '') as text_key
                    from src.{table} {key}
                    join src.raw.demo_posts s using (platform, post_id)
                    qualify row_number() over (partition by text_key order by {key}.post_id) = 1
                )
                select {picked}
                from raw.demo_posts p
                join src_rows {key} on {key}.text_key = coalesce(p.title, '') || '\x1f' || coalesce(p.body, '')
                """
            )
        con.execute(
            "delete from topics.topic_info; insert into topics.topic_info select * from src.topics.topic_info"
        )
        con.execute("checkpoint")
        posts, enriched = con.execute(
            "select (select count(*) from raw.demo_posts), (select count(*) from enrichment.post_enrichment)"
        ).fetchone()
        print(f"  ({enriched:,} of {posts:,} posts got the enrichment and topic of a post with the same text)")
    finally:
        con.close()


def dbt_build(warehouse: Path, selection: tuple[str, str | None], target: Path) -> None:
    import json

    select, exclude = selection
    # the warehouse path both ways profiles.yml has read it (environment variable, dbt var)
    env = {**os.environ, "HAPUSWATCH_WAREHOUSE_PATH": str(warehouse), "DBT_USE_COLORS": "false"}
    project = ROOT / "dbt_project"
    args = [str(Path(sys.executable).parent / "dbt"), "build", "--select", *select.split()]
    if exclude:
        args += ["--exclude", *exclude.split()]
    args += ["--vars", json.dumps({"warehouse_path": str(warehouse)}), "--project-dir", str(project),
             "--profiles-dir", str(project), "--target-path", str(target), "--quiet"]
    proc = subprocess.run(args, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"dbt build --select {select} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")


def publish(warehouse: Path, analytics: Path) -> None:
    import duckdb

    from orchestration.defs.publish.analytics import mart_descriptions, publish_analytics_db

    manifest = ROOT / "dbt_project" / "target" / "manifest.json"
    con = duckdb.connect(str(warehouse))
    try:
        publish_analytics_db(con, analytics, mart_descriptions(manifest), run_id="bench")
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path,
                        help="data dir of a finished run (bench_pipeline.py --keep DIR leaves DIR/data-N); "
                             "required unless --collection-only")
    parser.add_argument("--posts", default="1000000",
                        help="demo posts; with --collection-only a comma-separated list (e.g. 100000,1000000)")
    parser.add_argument("--keep", type=Path, help="data dir to build in and keep (default: temporary)")
    parser.add_argument("--collection-only", action="store_true",
                        help="only the demo collection: cold, nothing new, +1 %%, back to the size, "
                             "each in a fresh process (wall s, CPU s, peak RSS of that process)")
    parser.add_argument("--collect-child", nargs=2, metavar=("DATA_DIR", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.collect_child:
        collect_child(Path(args.collect_child[0]), int(args.collect_child[1]))
        return
    if args.collection_only:
        collection_only([int(x) for x in args.posts.split(",")], args.keep)
        return
    if args.source is None:
        parser.error("--from is required (or use --collection-only)")
    args.posts = int(args.posts)

    tmp = tempfile.mkdtemp(prefix="hapuswatch-stages-")
    data_dir = args.keep or Path(tmp) / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    warehouse, analytics = data_dir / "warehouse.duckdb", data_dir / "analytics.duckdb"
    results: list[tuple[str, float, float, float]] = []
    n, n_more = args.posts, args.posts + args.posts // 100
    print(f"{n:,} demo posts; load average {os.getloadavg()[0]:.2f}; cores {os.cpu_count()}")
    try:
        with Meter("collection cold", results):
            collect(data_dir, n)
        with Meter("collection warm", results):
            collect(data_dir, n)
        with Meter("enrichment/topics rows", results):
            copy_model_rows(warehouse, args.source / "warehouse.duckdb")
        for label, selection in dbt_selections().items():
            with Meter(f"{label} cold", results):
                dbt_build(warehouse, selection, Path(tmp) / "target")
        with Meter("publish cold", results):
            publish(warehouse, analytics)
        with Meter("collection +1%", results):
            collect(data_dir, n_more)
        copy_model_rows(warehouse, args.source / "warehouse.duckdb")
        for label, selection in dbt_selections().items():
            with Meter(f"{label} +1%", results):
                dbt_build(warehouse, selection, Path(tmp) / "target")
        with Meter("publish +1%", results):
            publish(warehouse, analytics)
        print(
            f"warehouse {warehouse.stat().st_size / 1e6:,.0f} MB, analytics {analytics.stat().st_size / 1e6:,.0f} MB; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
