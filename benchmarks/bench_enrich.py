"""Throughput of post enrichment: normalise, language, stance, sentiment, and enrich_posts overall.

Usage: ``python benchmarks/bench_enrich.py [--n 50000] [--seed 7]``. Prints posts/s per stage and
overall (one process, then the default worker processes for large inputs) plus peak RSS; never
asserts timings.

Corpus: ``ingestion.sources.demo.generate_demo_posts`` when available (the project's synthetic
posts), else the stance dev texts recombined at random. Either way every post gets a random
suffix made of pieces of other posts, so caches that key on the whole text (the sentiment
analyser scores duplicates once) do not flatter the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.enrich import PARALLEL_MIN_POSTS, default_workers, enrich_posts  # noqa: E402
from nlp.language import detect_languages, warm_up  # noqa: E402
from nlp.normalise import normalise_text  # noqa: E402
from nlp.stance import predict_stance  # noqa: E402
from nlp.text import clean_text, post_text, reading_text  # noqa: E402


def build_corpus(n: int, seed: int) -> pd.DataFrame:
    """Return ``n`` posts with the enrichment input columns, all texts distinct."""
    rng = np.random.default_rng(seed)
    try:
        from ingestion.sources.demo import generate_demo_posts

        demo = generate_demo_posts(n, seed=seed)
        titles = demo["title"].tolist()
        bodies = demo["body"].tolist()
        source = "ingestion.sources.demo"
    except ImportError:
        dev = pd.read_csv(ROOT / "nlp" / "eval_data" / "stance_train_written.csv")
        bodies = dev["text"].sample(n, replace=True, random_state=seed).tolist()
        titles = [None] * n
        source = "nlp/eval_data/stance_train_written.csv"
    pool = [b for b in bodies if isinstance(b, str) and b]
    words = " ".join(pool[:2000]).split()
    suffix_len = rng.integers(0, 8, size=n)
    starts = rng.integers(0, max(1, len(words) - 8), size=n)
    bodies = [
        (b if isinstance(b, str) else "") + (" " + " ".join(words[s : s + k]) if k else f" #{i}")
        for i, (b, s, k) in enumerate(zip(bodies, starts, suffix_len, strict=True))
    ]
    frame = pd.DataFrame(
        {
            "platform": "demo",
            "post_id": [f"bench_{i}" for i in range(n)],
            "title": titles,
            "body": bodies,
        }
    )
    frame["content_hash"] = [
        hashlib.sha256(f"{t or ''}\n{b}".encode()).hexdigest()
        for t, b in zip(frame["title"], frame["body"], strict=True)
    ]
    frame.attrs["source"] = source
    return frame


def _timed(fn):
    """Run ``fn``; return (result, (wall seconds, CPU seconds of this process, all threads))."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def _rate(name: str, n: int, seconds: tuple[float, float]) -> str:
    # CPU-time rates show the cost on an idle core when the shared machine is busy.
    wall, cpu = seconds
    return f"{name:<22}{n / wall:>14,.0f}{n / max(cpu, 1e-9):>14,.0f}{wall:>9.2f}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from nlp.sentiment import get_sentiment_analyzer

    t0 = time.perf_counter()
    analyzer = get_sentiment_analyzer()
    warm_up()
    predict_stance(["warm up: fit the stance models"])
    setup = time.perf_counter() - t0

    frame = build_corpus(args.n, args.seed)
    texts = [clean_text(post_text(t, b)) for t, b in zip(frame["title"], frame["body"], strict=True)]
    print(
        f"corpus: {len(frame):,} posts from {frame.attrs['source']}, "
        f"mean {np.mean([len(t) for t in texts]):.0f} chars; model setup {setup:.2f} s"
    )

    norms, t_norm = _timed(lambda: [normalise_text(x) for x in texts])
    langs, t_lang = _timed(lambda: detect_languages(texts, normalised=norms))
    readings, t_read = _timed(lambda: [reading_text(t, normalised=n) for t, n in zip(texts, norms, strict=True)])
    _, t_stance = _timed(lambda: predict_stance(texts, normalised=norms, langs=langs))
    _, t_sent = _timed(lambda: analyzer.predict(texts, langs, readings=readings))
    n = len(texts)
    print(f"{'stage':<22}{'wall posts/s':>14}{'cpu posts/s':>14}{'wall s':>9}")
    print(_rate("normalise (cold cache)", n, t_norm))
    print(_rate("language", n, t_lang))
    print(_rate("hashtags (reading text)", n, t_read))
    print(_rate("stance", n, t_stance))
    print(_rate("sentiment", n, t_sent))
    total = tuple(sum(x) for x in zip(t_norm, t_lang, t_read, t_stance, t_sent, strict=True))
    print(_rate("stages sum", n, total))
    out, t_all = _timed(lambda: enrich_posts(frame, analyzer=analyzer, workers=1))
    print(_rate("enrich_posts, 1 process", len(out), t_all))
    workers = default_workers(len(frame), analyzer)
    if workers > 1:
        # CPU column: the parent's and the (reaped) workers' CPU seconds together.
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        forked, (wall, cpu) = _timed(lambda: enrich_posts(frame, analyzer=analyzer))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        print(_rate(f"enrich_posts, {workers} procs", len(forked), (wall, cpu)))
        print(f"labels identical to the 1-process run: {forked.equals(out)}")
    else:
        print(f"enrich_posts default: 1 process (below {PARALLEL_MIN_POSTS:,} posts or 1 core)")
    counts = out["lang"].value_counts().to_dict(), out["stance"].value_counts().to_dict()
    print(f"lang mix {counts[0]}")
    print(f"stance mix {counts[1]}")
    print(f"sentiment mix {out['sentiment'].value_counts().to_dict()}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS {peak_kib / 1024:.0f} MiB; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
