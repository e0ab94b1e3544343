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
    from orchestration.runner import run_pipeline

    settings = get_settings()
    print(f"data dir: {settings.data_dir}  sources: {','.join(settings.sources)}", flush=True)
    summary = run_pipeline(
        settings, log=lambda m: print(m, flush=True), partition_start=args.start, partition_end=args.end
    )
    print(summary.format())
    if summary.success:
        print(f"analytics database: {settings.analytics_path}")
    return 0 if summary.success else 1


def cmd_dashboard(args: argparse.Namespace) -> int:
    settings = get_settings()
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
    return 0


def import_main(argv: list[str] | None = None, settings=None) -> int:  # noqa: ANN001
    """``hapuswatch import PATH ...``"""
    return run_import(build_import_parser().parse_args(argv), settings)


def cmd_import(args: argparse.Namespace) -> int:
    return import_main(args.rest)


def cmd_eval(args: argparse.Namespace) -> int:
    from nlp.evaluation import main as eval_main

    return eval_main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hapuswatch", description="Track the #hapusakunfacebook movement: collect, enrich, publish."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialise the whole asset graph headless and print a per-asset summary")
    run.add_argument(
        "--from", dest="start", type=date.fromisoformat, metavar="DAY",
        help="first day (YYYY-MM-DD) a partitioned source (Reddit) collects; default: its re-fetch window",
    )
    run.add_argument("--to", dest="end", type=date.fromisoformat, metavar="DAY", help="last day (default today)")
    run.set_defaults(func=cmd_run)

    dash = sub.add_parser("dashboard", help="start the Streamlit dashboard on the published analytics DB")
    dash.add_argument("--port", type=int, default=8501)
    dash.add_argument("--address", default="localhost")
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
    return parser


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
