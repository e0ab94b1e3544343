"""Topic-model benchmark: our fast fit vs stock BERTopic() on the same embeddings, warm re-run cost.

    .venv/bin/python benchmarks/bench_topics.py              # 20k posts, cold cache, with stock BERTopic
    .venv/bin/python benchmarks/bench_topics.py --n 100000 --skip-stock   # 100k cold run, peak RSS

Uses ``ingestion.sources.demo.generate_demo_posts`` when available (else ``testing.topic_corpus``).
Prints figures; never asserts timings. A JSON copy goes to ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.topics import TopicParams, assign_topics, embed_texts_with_stats, fit_topics, load_state  # noqa: E402
from testing.topic_corpus import generate_corpus  # noqa: E402


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_corpus(n: int, corpus: str, seed: int) -> tuple[list[str], str]:
    """n post texts (title + body) from the demo source, or the dev corpus as a fallback."""
    if corpus == "demo":
        try:
            from ingestion.sources.demo import generate_demo_posts
        except ImportError:
            corpus = "dev"
        else:
            frame = generate_demo_posts(n, seed=seed)

            def text(value) -> str:
                return value if isinstance(value, str) else ""

            return [f"{text(t)} {text(b)}".strip() for t, b in zip(frame["title"], frame["body"], strict=True)], "demo"
    texts, _ = generate_corpus(n, seed=seed, spam_copies=n // 100)
    return texts[:n], "dev"


def measure_seq_lengths(texts: list[str], sample: int = 1000) -> None:
    """Encoding throughput at several max_seq_length values on a sample of the corpus."""
    from nlp.topics.embeddings import load_embedding_model

    short = sorted(texts[:sample], key=len)
    # Long posts (4 posts glued, ~100-250 word pieces) are where the cap matters.
    long = sorted((" ".join(texts[i : i + 4]) for i in range(0, 4 * (sample // 4), 4)), key=len)[: sample // 4]
    for name, batch in (("typical posts", short), ("long posts", long)):
        for length in (256, 128, 64):
            model = load_embedding_model(None, length)
            best = float("inf")
            for _ in range(2):  # best of two: the machine is shared
                started = time.perf_counter()
                model.encode(batch, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
                best = min(best, time.perf_counter() - started)
            print(f"{name:13s} max_seq_length={length:4d}: {len(batch) / best:7.1f} posts/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--corpus", choices=["demo", "dev"], default="demo")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cache", type=Path, help="reuse this embedding cache (default: a fresh one, i.e. cold)")
    parser.add_argument("--skip-stock", action="store_true", help="skip stock BERTopic (UMAP+HDBSCAN)")
    parser.add_argument("--seq-lengths", action="store_true", help="only measure max_seq_length throughput")
    parser.add_argument(
        "--stock-end-to-end",
        action="store_true",
        help="also time stock BERTopic embedding every post itself (fit_transform without embeddings)",
    )
    args = parser.parse_args()

    extra = max(1, args.n // 100)
    all_texts, corpus = load_corpus(args.n + extra, args.corpus, args.seed)
    texts, new_texts = all_texts[: args.n], all_texts[args.n :]
    if args.seq_lengths:
        measure_seq_lengths(texts)
        return
    # Import outside the timed regions: both fits pay it once per process otherwise.
    import bertopic  # noqa: F401

    work = Path(tempfile.mkdtemp(prefix="bench_topics_"))
    cache = args.cache or work / "cache" / "embeddings.duckdb"
    model_dir = work / "models" / "topics"
    results: dict = {"n": args.n, "corpus": corpus, "unique_texts": len(set(texts)), "cache": str(cache)}
    print(f"corpus={corpus} n={args.n} unique texts={results['unique_texts']} cache={cache}")

    started = time.perf_counter()
    emb = embed_texts_with_stats(texts, cache, progress=lambda done, total: None)
    embed_s = time.perf_counter() - started
    started = time.perf_counter()
    fit = fit_topics(texts, emb.embeddings, seed=args.seed, model_dir=model_dir)
    fit_s = time.perf_counter() - started
    results |= {
        "embed_s": embed_s,
        "embedded": emb.stats.embedded,
        "embed_posts_per_s": emb.stats.embedded / embed_s if emb.stats.embedded else None,
        "fit_s": fit_s,
        "cold_total_s": embed_s + fit_s,
        "peak_rss_mb_ours": peak_rss_mb(),
        "fit_metrics": fit.metrics,
    }
    m = fit.metrics
    print(f"embedding: {embed_s:.1f}s ({emb.stats.embedded} embedded, {emb.stats.cache_hits} cache hits)")
    print(
        f"our fit:   {fit_s:.1f}s  topics={m['n_topics']} fitted on {m['n_fit']} unique "
        f"(duplicates {m['exact_or_near_duplicate_share']:.1%})"
    )
    print(f"  outliers before/after reduction: {m['outlier_share_before']:.1%} / {m['outlier_share_after']:.1%}")
    print(f"  diversity={m['diversity']:.3f} npmi={m['npmi']:.3f}")
    print(f"cold total (embed + fit): {embed_s + fit_s:.1f}s, peak RSS {peak_rss_mb():.0f} MB")
    for row in fit.topics.head(12).itertuples():
        print(f"  [{row.topic_id:3d}] n={row.size:6d} {row.label}")

    # Warm re-run after +1% new posts: cache lookups for everything, embed only the new posts,
    # assign them to the saved model (no refit).
    started = time.perf_counter()
    warm_emb = embed_texts_with_stats(texts + new_texts, cache, progress=lambda done, total: None)
    state = load_state(model_dir)
    assigned = assign_topics(new_texts, warm_emb.embeddings[args.n :], state)
    warm_s = time.perf_counter() - started
    results |= {
        "warm_s": warm_s,
        "warm_new_posts": len(new_texts),
        "warm_embedded": warm_emb.stats.embedded,
        "warm_over_cold": warm_s / (embed_s + fit_s),
        "warm_new_outlier_share": float((assigned["topic_id"] == -1).mean()),
    }
    print(
        f"warm re-run (+{len(new_texts)} posts, {warm_emb.stats.embedded} embedded): {warm_s:.2f}s "
        f"= {warm_s / (embed_s + fit_s):.1%} of cold; new-post outliers {results['warm_new_outlier_share']:.1%}"
    )

    # Refit on the grown corpus with the previous state: do topics keep their ids?
    started = time.perf_counter()
    refit = fit_topics(texts + new_texts, warm_emb.embeddings, seed=args.seed + 1, previous=state, model_dir=model_dir)
    refit_s = time.perf_counter() - started
    old_ids = fit.assignments["topic_id"].to_numpy()
    new_ids = refit.assignments["topic_id"].to_numpy()[: args.n]
    kept = float((old_ids == new_ids).mean())
    results |= {
        "refit_s": refit_s,
        "refit_topics": refit.metrics["n_topics"],
        "refit_matched_topics": refit.metrics["n_matched_topics"],
        "refit_posts_keeping_topic_id": kept,
    }
    print(
        f"refit (+1%, other seed, previous state): {refit_s:.1f}s, {refit.metrics['n_matched_topics']} of "
        f"{refit.metrics['n_topics']} topics kept their id; {kept:.1%} of posts kept their topic id"
    )

    # The same pipeline without duplicate collapsing: how much of the speed comes from dedup.
    started = time.perf_counter()
    plain = fit_topics(texts, emb.embeddings, seed=args.seed, params=TopicParams(deduplicate=False))
    plain_s = time.perf_counter() - started
    pm = plain.metrics
    results |= {"fit_no_dedup_s": plain_s, "fit_no_dedup_metrics": pm}
    print(
        f"our fit without dedup: {plain_s:.1f}s topics={pm['n_topics']} outliers "
        f"{pm['outlier_share_before']:.1%} / {pm['outlier_share_after']:.1%} "
        f"diversity={pm['diversity']:.3f} npmi={pm['npmi']:.3f}"
    )

    if not args.skip_stock:
        from bertopic import BERTopic

        from nlp.topics.embeddings import load_embedding_model

        stock = BERTopic(embedding_model=load_embedding_model())
        started = time.perf_counter()
        topics, _ = stock.fit_transform(texts, emb.embeddings)
        stock_s = time.perf_counter() - started
        topics = np.asarray(topics)
        from nlp.topics import npmi_coherence, topic_diversity

        stock_terms = [[w for w, _ in stock.get_topic(t)][:10] for t in sorted(set(topics.tolist())) if t != -1]
        stock_npmi, _ = npmi_coherence(stock_terms, texts, stock.vectorizer_model.build_analyzer())
        results |= {
            "stock_diversity": topic_diversity(stock_terms),
            "stock_npmi": stock_npmi,
        }
        results |= {
            "stock_fit_s": stock_s,
            "stock_topics": int(len(set(topics.tolist())) - (1 if -1 in topics else 0)),
            "stock_outlier_share": float((topics == -1).mean()),
            "speedup": stock_s / fit_s,
            "speedup_no_dedup": stock_s / plain_s,
        }
        print(
            f"stock BERTopic() fit (UMAP+HDBSCAN, same embeddings): {stock_s:.1f}s "
            f"topics={results['stock_topics']} outliers={results['stock_outlier_share']:.1%} "
            f"diversity={results['stock_diversity']:.3f} npmi={results['stock_npmi']:.3f}"
        )
        print(f"speed-up ours vs stock: {stock_s / fit_s:.1f}x (without dedup: {stock_s / plain_s:.1f}x)")
        if args.stock_end_to_end:
            # The whole topic stage as a stock user runs it: BERTopic embeds every post with the same model.
            stock_e2e = BERTopic(embedding_model=load_embedding_model())
            started = time.perf_counter()
            e2e_topics, _ = stock_e2e.fit_transform(texts)
            e2e_s = time.perf_counter() - started
            e2e_outliers = float((np.asarray(e2e_topics) == -1).mean())
            ours_cold = embed_s + fit_s
            results |= {"stock_end_to_end_s": e2e_s, "ours_cold_s": ours_cold, "speedup_end_to_end": e2e_s / ours_cold}
            print(
                f"stock BERTopic() end to end (embeds all {len(texts)} posts): {e2e_s:.1f}s "
                f"outliers={e2e_outliers:.1%}; "
                f"ours cold (cached-embedding dedup + fit): {ours_cold:.1f}s; speed-up {e2e_s / ours_cold:.1f}x"
            )
    results["peak_rss_mb"] = peak_rss_mb()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / f"bench_topics_{args.n}.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"peak RSS {results['peak_rss_mb']:.0f} MB; figures in benchmarks/out/bench_topics_{args.n}.json")


if __name__ == "__main__":
    main()
