"""Reddit collection throughput against the local fake Reddit (real PRAW/prawcore, real HTTP).

Prints items/s and requests/s for one daily partition (first run, then an incremental re-run).
Usage: .venv/bin/python benchmarks/bench_collect.py [--threads 300] [--comments 12]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingestion.collect import collect_reddit_partition  # noqa: E402
from ingestion.settings import Settings  # noqa: E402
from ingestion.sources.reddit import RedditConfig  # noqa: E402
from testing.fake_reddit import FakeReddit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=300)
    parser.add_argument("--comments", type=int, default=12)
    args = parser.parse_args()
    day = datetime(2026, 2, 15, tzinfo=UTC)
    now = day + timedelta(days=1, hours=6)
    with FakeReddit() as fake, tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("HAPUSWATCH_PSEUDONYM_KEY", "bench-key")
        fake.populate(args.threads, now=day + timedelta(days=1), days=1, comments_per=args.comments)
        settings = Settings.from_env({"HAPUSWATCH_DATA_DIR": tmp, "HAPUSWATCH_SOURCES": "reddit"})
        cfg = RedditConfig.from_env(
            fake.env(
                HAPUSWATCH_REDDIT_SUBREDDITS="indonesia",
                HAPUSWATCH_REDDIT_QUERIES=(
                    "hapus akun facebook|hapusakunfacebook|hapus fb|delete facebook|Meta AI iklan"
                ),
            )
        )
        for label in ("first run", "incremental re-run"):
            t0 = time.perf_counter()
            r = collect_reddit_partition(settings, cfg, day.date(), now=now)
            dt = time.perf_counter() - t0
            s = r.stats
            print(
                f"{label}: {s.items} items ({s.submissions} submissions, {s.comments} comments, "
                f"{s.refetched} refetched) via {s.requests} requests in {dt:.2f}s = {s.items / dt:,.0f} items/s, "
                f"{s.requests / dt:,.0f} req/s; stored new {r.inserted}, updated {r.updated}, unchanged {r.unchanged}"
            )


if __name__ == "__main__":
    main()
