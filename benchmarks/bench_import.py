"""Import throughput: a generated tweet-harvest-style CSV (default 100k rows) into a fresh warehouse.

Prints rows/s for the first import and for a re-import (all rows unchanged), by wall clock and by
CPU time of this process (the CPU figure moves less when other jobs share the machine), plus peak RSS.
Usage: .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--repeat 3] [--code DIR]

``--code DIR`` imports ``ingestion`` from another checkout (e.g. ``git archive cefeb2f | tar -x -C /tmp/before``)
so that figures before and after a change come from the same script, file and machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]

PHRASES = [
    "Resmi #hapusakunfacebook hari ini, bye Meta AI iklan",
    "@teman kamu udah hapus fb belum? aku deact fb minggu lalu",
    "Paten persona AI orang meninggal bikin ngeri, tinggalkan facebook",
    "Meta AI baca chat buat iklan, mending pindah ke Mastodon",
    "Masih butuh FB buat Marketplace, belum bisa hapus akun facebook",
]


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    """A tweet-harvest-shaped CSV with ~0.5% unparsable dates (dated from their snowflake ids since issue 9;
    quarantined before). The file is unchanged so that figures before and after compare."""
    rng = np.random.default_rng(seed)
    ids = 1890000000000000000 + np.arange(rows)
    secs = pd.Timestamp("2025-09-01", tz="UTC").timestamp() + rng.integers(0, 200 * 86400, rows)
    created = pd.to_datetime(secs, unit="s", utc=True).strftime("%a %b %d %H:%M:%S +0000 %Y").to_numpy(dtype=object)
    created[rng.random(rows) < 0.005] = "kemarin sore"
    users = np.array([f"user_{i:05d}" for i in range(5000)], dtype=object)[rng.integers(0, 5000, rows)]
    conv = np.where(rng.random(rows) < 0.3, ids - rng.integers(1, 50, rows), ids)
    frame = pd.DataFrame(
        {
            "conversation_id_str": conv.astype(str),
            "created_at": created,
            "favorite_count": rng.integers(0, 300, rows),
            "full_text": np.array(PHRASES, dtype=object)[rng.integers(0, 5, rows)]
            + " #"
            + pd.Series(np.arange(rows)).astype(str).to_numpy(dtype=object),
            "id_str": ids.astype(str),
            "image_url": "",
            "in_reply_to_screen_name": "",
            "lang": "in",
            "location": "",
            "quote_count": 0,
            "reply_count": rng.integers(0, 20, rows),
            "retweet_count": rng.integers(0, 50, rows),
            "tweet_url": [f"https://x.com/{u}/status/{i}" for u, i in zip(users, ids, strict=True)],
            "user_id_str": rng.integers(1, 10**9, rows).astype(str),
            "username": users,
        }
    )
    frame.to_csv(path, index=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="fresh warehouses, one after the other")
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose ingestion/ is measured")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from ingestion.settings import Settings

    try:
        from ingestion.collect import import_file
    except ImportError:  # checkouts before issue 9
        from ingestion.sources.files import import_file
    print(f"measuring {sys.modules['ingestion'].__file__}")
    os.environ.setdefault("HAPUSWATCH_PSEUDONYM_KEY", "bench-key")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tweets.csv"
        t0 = time.perf_counter()
        write_csv(path, args.rows)
        print(f"generated {args.rows} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f}s")
        for run in range(args.repeat):
            data_dir = Path(tmp) / f"data{run}"
            settings = Settings.from_env({"HAPUSWATCH_DATA_DIR": str(data_dir), "HAPUSWATCH_SOURCES": "files"})
            for label in ("first import", "re-import"):
                t0, c0 = time.perf_counter(), time.process_time()
                report = import_file(path, settings)
                dt, cpu = time.perf_counter() - t0, time.process_time() - c0
                print(
                    f"{label}: {report.rows_read} rows in {dt:.2f}s = {report.rows_read / dt:,.0f} rows/s "
                    f"(CPU {cpu:.2f}s = {report.rows_read / cpu:,.0f} rows/CPU-s; loaded {report.loaded}, "
                    f"unchanged {report.unchanged}, quarantined {report.quarantined}, "
                    f"encoding {getattr(report, 'encoding', '?')})"
                )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
