"""The `hapuswatch` console script: thin wrappers over the runner and library functions."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ingestion.settings import ConfigError, get_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
DASHBOARD_APP = REPO_ROOT / "dashboards" / "app.py"


def cmd_run(args: argparse.Namespace) -> int:
    from orchestration.runner import run_pipeline

    settings = get_settings()
    print(f"data dir: {settings.data_dir}  sources: {','.join(settings.sources)}", flush=True)
    summary = run_pipeline(settings, log=lambda m: print(m, flush=True))
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
    return subprocess.call(command, env=env)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hapuswatch", description="Track the #hapusakunfacebook movement: collect, enrich, publish."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialise the whole asset graph headless and print a per-asset summary")
    run.set_defaults(func=cmd_run)

    dash = sub.add_parser("dashboard", help="start the Streamlit dashboard on the published analytics DB")
    dash.add_argument("--port", type=int, default=8501)
    dash.add_argument("--address", default="localhost")
    dash.set_defaults(func=cmd_dashboard)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"hapuswatch: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
