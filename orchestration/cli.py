"""The `hapuswatch` console script: thin wrappers over the runner and library functions."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from ingestion.settings import ConfigError, get_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
DASHBOARD_APP = REPO_ROOT / "dashboards" / "app.py"


def cmd_run(args: argparse.Namespace) -> int:
    """Exit 0 when every step and every blocking (ERROR) check passed, 1 otherwise; the summary says which."""
    from orchestration.runner import new_log_path, run_pipeline

    settings = get_settings()
    if args.start and args.end and args.start > args.end:
        print(f"hapuswatch run: --from {args.start} is after --to {args.end}", file=sys.stderr)
        return 2
    log_path = new_log_path(settings)
    print(f"data dir: {settings.data_dir}  sources: {','.join(settings.sources)}", flush=True)
    print(f"full log: {log_path}" + ("" if args.verbose else " (--verbose to see it here)"), flush=True)
    summary = run_pipeline(
        settings, partition_start=args.start, partition_end=args.end, verbose=args.verbose, log_path=log_path
    )
    print(summary.format(), flush=True)
    if summary.ok:
        print(f"analytics database: {settings.analytics_path}")
    return 0 if summary.ok else 1


def cmd_dashboard(args: argparse.Namespace) -> int:
    settings = get_settings()
    if not DASHBOARD_APP.exists():
        print(f"hapuswatch dashboard: {DASHBOARD_APP} is missing", file=sys.stderr)
        return 2
    env = {**os.environ, "HAPUSWATCH_DATA_DIR": str(settings.data_dir)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(DASHBOARD_APP),
        "--server.port", str(args.port), "--server.address", args.address,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]
    print(f"dashboard: http://{args.address}:{args.port}/", flush=True)
    # Become the Streamlit process: signals (Ctrl-C, a supervisor's TERM) reach it directly.
    os.execve(sys.executable, command, env)
    return 0  # not reached


def build_import_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """Arguments of ``hapuswatch import`` (pass a subparser to attach them to a larger CLI)."""
    from ingestion.sources.files import FORMATS, MAPPABLE_ROLES

    parser = parser or argparse.ArgumentParser(prog="hapuswatch import", description="Import an export file.")
    parser.add_argument("path", help="CSV / JSONL / NDJSON export")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, help="default: detected from extension/header")
    parser.add_argument("--platform", help="x, tiktok, facebook, ... (default per format)")
    for role in MAPPABLE_ROLES:
        parser.add_argument(f"--{role}-col", dest=f"{role}_col", help=f"column holding the {role}")
    return parser


def run_import(args: argparse.Namespace, settings=None) -> int:  # noqa: ANN001 - Settings, imported lazily
    """Run a parsed ``hapuswatch import``: prints the detected encoding and one summary line.

    Exit 0 unless the file itself is unusable (2, one-line error).
    """
    from ingestion.collect import import_file
    from ingestion.sources.files import MAPPABLE_ROLES, ImportFileError

    mapping = {r: getattr(args, f"{r}_col") for r in MAPPABLE_ROLES if getattr(args, f"{r}_col", None)}
    try:
        report = import_file(
            args.path, settings or get_settings(), fmt=args.fmt, platform=args.platform, mapping=mapping
        )
    except ImportFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"detected encoding: {report.encoding}")
    print(report.summary())
    if report.quarantined:
        from ingestion import warehouse
        from orchestration.reporting import quarantine_summary

        settings = settings or get_settings()
        with warehouse.connect(settings.warehouse_path, read_only=True) as con:
            details = quarantine_summary(con, settings.warehouse_path, source="files", origin=report.path)
        if details:
            print(details)
    return 0


def import_main(argv: list[str] | None = None, settings=None) -> int:  # noqa: ANN001
    """``hapuswatch import PATH ...``"""
    return run_import(build_import_parser().parse_args(argv), settings)


def cmd_import(args: argparse.Namespace) -> int:
    return import_main(args.rest)


def cmd_eval(args: argparse.Namespace) -> int:
    if "--labels" in args.rest:
        return cmd_eval_labels(args.rest)
    from nlp.evaluation import main as eval_main

    return eval_main(args.rest)


class OneLineErrorParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr (exit 2), pointing at --help instead of printing the usage."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def iso_day(value: str) -> date:
    """An argparse type: a calendar day written YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2025-10-01") from None


def tcp_port(value: str) -> int:
    """An argparse type: a TCP port number 1-65535."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number: use 1-65535")
    return port


def cmd_labels(args: argparse.Namespace) -> int:
    """`labels import FILE...` into the warehouse; `labels export --sample N` writes posts to label."""
    import duckdb

    from ingestion import labels, store

    settings = get_settings()
    try:
        with store.connect(settings.warehouse_path) as con:
            if args.labels_command == "import":
                for path in args.files:
                    print(labels.import_label_file(con, path, default_labeller=args.labeller).format())
                return 0
            sample = labels.sample_unlabelled(con, args.sample, seed=args.seed, stratify=args.stratify)
        out = labels.write_sample_csv(sample, args.out)
        print(f"wrote {len(sample)} unlabelled posts to {out} (seed {args.seed}); fill in `stance` "
              f"({', '.join(labels.STANCE_LABELS)}), then: hapuswatch labels import {out}")
        return 0
    except (labels.LabelFileError, ValueError) as exc:
        print(f"hapuswatch labels: {exc}", file=sys.stderr)
        return 2
    except duckdb.IOException as exc:  # another process (a run) holds the warehouse's write lock
        print(f"hapuswatch labels: the warehouse is busy, try again when the run ends ({str(exc).splitlines()[0]})",
              file=sys.stderr)
        return 1


def cmd_eval_labels(argv: list[str]) -> int:
    """`eval stance --labels`: the live confusion matrix of the stored hand labels vs the classifier."""
    import duckdb

    from ingestion import store
    from nlp.evaluation import classification_report
    from nlp.prevalence import STANCES

    parser = argparse.ArgumentParser(prog="hapuswatch eval", description="Score stance against stored labels.")
    parser.add_argument("task", choices=["stance"])
    parser.add_argument("--labels", action="store_true", required=True)
    parser.parse_args(argv)
    settings = get_settings()
    if not settings.warehouse_path.is_file():
        print(f"hapuswatch eval: no warehouse at {settings.warehouse_path}; run `hapuswatch run` first",
              file=sys.stderr)
        return 2
    from ingestion.labels import labelled_pairs

    try:
        with store.connect(settings.warehouse_path, read_only=True) as con:
            pairs = labelled_pairs(con)
    except duckdb.Error as exc:  # no label tables before the first run; or a run holds the write lock
        print(f"hapuswatch eval: cannot read labels ({str(exc).splitlines()[0]})", file=sys.stderr)
        return 2
    if pairs.empty:
        print("hapuswatch eval: no stored labels; add some with `hapuswatch labels import FILE`", file=sys.stderr)
        return 2
    report, macro = classification_report(pairs["label"].tolist(), pairs["stance"].tolist(), STANCES)
    print(f"task=stance data=stored labels ({settings.warehouse_path}) n={len(pairs)}")
    print(report)
    print(f"macro_f1={macro:.3f}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="hapuswatch", description="Track the #hapusakunfacebook movement: collect, enrich, publish."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    run = sub.add_parser(
        "run",
        help="materialise the whole asset graph headless and print a per-asset summary",
        description="Materialise every asset, print one line per asset (rows, seconds, checks), quarantined rows "
        "and failed checks, and write the full log to $HAPUSWATCH_DATA_DIR/logs/. Exit 1 when a step or a "
        "blocking (ERROR) asset check fails.",
    )
    run.add_argument(
        "--from", dest="start", type=iso_day, metavar="DAY",
        help="first day (YYYY-MM-DD) a partitioned source (Reddit) collects; default: its re-fetch window",
    )
    run.add_argument("--to", dest="end", type=iso_day, metavar="DAY", help="last day (default today)")
    run.add_argument(
        "-v", "--verbose", action="store_true", help="also show the full log (Dagster, dbt) while it runs"
    )
    run.set_defaults(func=cmd_run)

    dash = sub.add_parser("dashboard", help="start the Streamlit dashboard on the published analytics DB")
    dash.add_argument("--port", type=tcp_port, default=8501, help="TCP port, 1-65535 (default 8501)")
    dash.add_argument("--address", default="localhost", help="address to listen on (default localhost)")
    dash.set_defaults(func=cmd_dashboard)

    imp = sub.add_parser(
        "import", help="import an export file (tweet-harvest, 4cat, jsonl, csv): import PATH [--format ...]",
        add_help=False,
    )
    imp.add_argument("rest", nargs=argparse.REMAINDER)
    imp.set_defaults(func=cmd_import)

    ev = sub.add_parser(
        "eval",
        help="score stance or sentiment on a labelled CSV/TSV: eval stance|sentiment --data FILE",
        add_help=False,
    )
    ev.add_argument("rest", nargs=argparse.REMAINDER)
    ev.set_defaults(func=cmd_eval)

    add_labels_parser(sub)
    return parser


def add_labels_parser(sub) -> None:
    """`hapuswatch labels import|export`: hand labels in and random samples to label out."""
    lab = sub.add_parser("labels", help="import hand-labelled CSVs or export a random sample of posts to label")
    lab_sub = lab.add_subparsers(dest="labels_command", required=True)
    imp = lab_sub.add_parser("import", help="import CSV(s) with platform,post_id,stance[,sentiment,labeller,note]")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--labeller", default="default", help="labeller for rows without one (default: default)")
    imp.set_defaults(func=cmd_labels)
    exp = lab_sub.add_parser("export", help="write a random sample of unlabelled posts to a CSV to label")
    exp.add_argument("--sample", type=int, required=True, metavar="N", help="posts in the sample")
    exp.add_argument("--seed", type=int, default=0, help="random seed (same seed, same sample)")
    exp.add_argument("--stratify", choices=["week"], help="allocate the sample to weeks in proportion to posts")
    exp.add_argument("--out", type=Path, default=Path("labels_sample.csv"), help="output CSV (labels_sample.csv)")
    exp.set_defaults(func=cmd_labels)


# Subcommands whose own parser handles every argument (including --help).
PASSTHROUGH = {"eval": cmd_eval, "import": cmd_import}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASSTHROUGH:
        return int(PASSTHROUGH[argv[0]](argparse.Namespace(rest=argv[1:])) or 0)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"hapuswatch: {exc}", file=sys.stderr)
        return 2


def entrypoint() -> None:
    """Console-script entry: exit without interpreter teardown once output is flushed.

    torch/duckdb native modules print spurious nanobind "leaked" reports while the interpreter tears
    down after a pipeline run; everything has been written and closed by then.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entrypoint()
