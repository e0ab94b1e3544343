"""The demo generator: seconds, peak RSS, distinct texts, automated share and language mix per size.

Usage: ``python benchmarks/bench_demo.py [--sizes 1000,10000,100000,1000000] [--seed 42]``.

Each size runs in a fresh child process, so peak RSS is that size's own. Measured per size:
- seconds (wall and CPU: on a shared machine the CPU time is the steadier figure) and peak RSS of
  ``generate_demo_posts(n)`` alone;
- distinct-text share: distinct post texts over posts with text, where a post's text is what the
  pipeline stores and reads (``normalise_posts``: handles scrubbed, deleted posts without text; then
  ``nlp.text.post_text``: title + body). Also with links masked (``<url>``), so short-link ids alone
  cannot make a text distinct;
- automated share (the truth's ``gen_automated``: digests, link bots, retweets, copy-paste, spam) and
  its parts;
- language mix: the generator's own language variant (``gen_language``) over all posts with text, and
  the project's detector (``nlp.language.detect_languages``) on a sample of 5,000 of them;
- text length (characters) percentiles.
Never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LINK_RE = re.compile(r"https?://\S+")


def measure(n: int, seed: int) -> dict:
    import numpy as np
    import pandas as pd

    from ingestion.records import normalise_posts
    from ingestion.sources.demo import generate_demo_posts
    from nlp.language import detect_languages
    from nlp.text import post_text

    started, cpu_started = time.perf_counter(), time.process_time()
    frame = generate_demo_posts(n, seed=seed)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    posts, _ = normalise_posts(frame, source="demo", key=b"bench-demo")
    texts = pd.Series([post_text(t, b) for t, b in zip(posts["title"], posts["body"], strict=True)])
    has_text = texts != ""
    texts = texts[has_text]
    masked = texts.str.replace(LINK_RE, "<url>", regex=True)
    valid = frame[frame["gen_malformed"].isna()].set_index("post_id").loc[posts["post_id"][has_text.to_numpy()]]
    automation = valid["gen_automation"].fillna("none").value_counts(normalize=True)
    rng = np.random.default_rng(0)
    sample = texts.iloc[rng.choice(len(texts), size=min(5000, len(texts)), replace=False)].tolist()
    detected = pd.Series(detect_languages(sample)).value_counts(normalize=True)
    lengths = texts.str.len()
    return {
        "n": n,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak_mb,
        "with_text": int(len(texts)),
        "distinct": texts.nunique() / len(texts),
        "distinct_links_masked": masked.nunique() / len(texts),
        "automated": float(valid["gen_automated"].mean()),
        "automation": {k: float(v) for k, v in automation.items() if k != "none"},
        "gen_language": {k: float(v) for k, v in valid["gen_language"].value_counts(normalize=True).items()},
        "detected_language": {k: float(v) for k, v in detected.items()},
        "length_p10_p50_p90": [int(lengths.quantile(q)) for q in (0.1, 0.5, 0.9)],
    }


def _pct(d: dict) -> str:
    return " ".join(f"{k} {v:.1%}" for k, v in sorted(d.items(), key=lambda kv: -kv[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one size, JSON out
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.seed)))
        return
    print(f"demo generator (load average {os.getloadavg()[0]:.1f}): seconds and peak RSS of generate_demo_posts(n);")
    print("texts as the pipeline stores them")
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        p10, p50, p90 = r["length_p10_p50_p90"]
        print(
            f"  {n:>9,} posts: {r['seconds']:6.2f} s ({r['cpu_seconds']:.2f} s CPU), peak RSS {r['peak_mb']:,.0f} MB | "
            f"distinct {r['distinct']:.1%} of {r['with_text']:,} texts ({r['distinct_links_masked']:.1%} with links "
            f"masked) | automated {r['automated']:.1%} ({_pct(r['automation'])}) | "
            f"language (truth) {_pct(r['gen_language'])}; detected {_pct(r['detected_language'])} | "
            f"length p10/p50/p90 {p10}/{p50}/{p90} chars"
        )


if __name__ == "__main__":
    main()
