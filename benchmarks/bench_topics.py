"""Topic-stage benchmark: our whole topic stage vs stock ``BERTopic().fit_transform(docs)``, warm re-run cost.

    .venv/bin/python benchmarks/bench_topics.py                       # 20k posts, cold, vs stock BERTopic
    .venv/bin/python benchmarks/bench_topics.py --n 1000000 --distinct --skip-stock   # 1M distinct texts

"Ours" is the pipeline's topic stage: the default embedding model (distilled once per data dir, timed
separately), the embedding cache, automated-post flags, and ``fit_topics`` on a bounded sample.
"Stock" is ``BERTopic(embedding_model=MiniLM).fit_transform(docs)`` (UMAP + HDBSCAN), embedding every
post itself. Both are scored with one neutral NPMI (uni+bigrams, no stopword removal, over all posts).
``--distinct`` appends two words from an Indonesian word list to each post so ~100% of texts are
distinct, the shape of real collections (the cost driver is the number of distinct texts).

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

from nlp.topics import assign_topics, embed_texts_with_stats, fit_topics, load_state  # noqa: E402
from testing.topic_corpus import generate_corpus  # noqa: E402


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_distinct(texts: list[str], seed: int) -> list[str]:
    """Append two words from the Indonesian vocabulary to each text (deterministic): ~all distinct."""
    from nlp.topics.embeddings import indonesian_vocabulary

    vocab = np.array(indonesian_vocabulary())
    rng = np.random.default_rng(seed)
    picks = vocab[rng.integers(len(vocab), size=(len(texts), 2))]
    return [f"{t} {a} {b}" for t, (a, b) in zip(texts, picks, strict=True)]


def neutral_npmi(top_terms: list[list[str]], texts: list[str]) -> float:
    """NPMI of top terms over all posts with one tokeniser for every model (uni+bigrams, nothing removed)."""
    from sklearn.feature_extraction.text import CountVectorizer

    from nlp.topics import npmi_coherence
    from nlp.topics.stopwords import clean_for_terms

    analyzer = CountVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b\w\w+\b").build_analyzer()
    return npmi_coherence(top_terms, [clean_for_terms(t) for t in texts], analyzer)[0]


def load_corpus(n: int, corpus: str, seed: int) -> tuple[list[str], str]:
    """n post texts (title + body) from the demo source, or the dev corpus as a fallback."""
    if corpus == "demo":
        try:
            from ingestion.sources.demo import generate_demo_posts
        except ImportError:
            corpus = "dev"
        else:
            from nlp.text import post_text

            frame = generate_demo_posts(n, seed=seed)
            return [post_text(t, b) for t, b in zip(frame["title"], frame["body"], strict=True)], "demo"
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
    parser.add_argument("--distinct", action="store_true", help="make ~every text distinct (real collections)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cache", type=Path, help="reuse this embedding cache (default: a fresh one, i.e. cold)")
    parser.add_argument("--skip-stock", action="store_true", help="skip stock BERTopic (MiniLM + UMAP + HDBSCAN)")
    parser.add_argument("--seq-lengths", action="store_true", help="only measure MiniLM max_seq_length throughput")
    args = parser.parse_args()

    extra = max(1, args.n // 100)
    all_texts, corpus = load_corpus(args.n + extra, args.corpus, args.seed)
    if args.distinct:
        all_texts, corpus = make_distinct(all_texts, args.seed), corpus + "+distinct"
    texts, new_texts = all_texts[: args.n], all_texts[args.n :]
    if args.seq_lengths:
        measure_seq_lengths(texts)
        return
    # Import outside the timed regions: both fits pay it once per process otherwise.
    import bertopic  # noqa: F401

    from nlp.topics import flag_automated
    from nlp.topics.embeddings import is_static, load_embedding_model, resolve_model, static_model_dir

    work = Path(tempfile.mkdtemp(prefix="bench_topics_"))
    cache = args.cache or work / "cache" / "embeddings.duckdb"
    model_dir = work / "models" / "topics"
    model_id, _ = resolve_model(None)
    results: dict = {"n": args.n, "corpus": corpus, "unique_texts": len(set(texts)), "embedding_model": model_id}
    print(f"corpus={corpus} n={args.n} unique texts={results['unique_texts']} model={model_id} cache={cache}")

    distill_s = 0.0
    if is_static(model_id) and not static_model_dir(model_id).exists():
        started = time.perf_counter()
        load_embedding_model(model_id)
        distill_s = time.perf_counter() - started
        print(f"distilled {model_id} once for this data dir: {distill_s:.1f}s")
    results["distill_s"] = distill_s

    started = time.perf_counter()
    flags = flag_automated(texts)
    flag_s = time.perf_counter() - started
    started = time.perf_counter()
    emb = embed_texts_with_stats(texts, cache, progress=lambda done, total: None)
    embed_s = time.perf_counter() - started
    started = time.perf_counter()
    fit = fit_topics(texts, emb.embeddings, seed=args.seed, model_dir=model_dir, embedding_model=model_id,
                     exclude=flags["is_automated"].to_numpy())  # fmt: skip
    fit_s = time.perf_counter() - started
    cold_s = flag_s + embed_s + fit_s
    ours_terms = fit.topics["top_terms"].tolist()
    m = fit.metrics
    results |= {
        "flag_s": flag_s, "embed_s": embed_s, "embedded": emb.stats.embedded,
        "embed_posts_per_s": emb.stats.embedded / embed_s if emb.stats.embedded else None,
        "fit_s": fit_s, "cold_total_s": cold_s, "peak_rss_mb_ours": peak_rss_mb(), "fit_metrics": m,
        "automated": int(flags["is_automated"].sum()),
    }  # fmt: skip
    print(f"automated flags: {flag_s:.1f}s ({results['automated']} flagged)")
    print(f"embedding: {embed_s:.1f}s ({emb.stats.embedded} embedded, {results['embed_posts_per_s'] or 0:,.0f}/s)")
    print(
        f"our fit:   {fit_s:.1f}s  topics={m['n_topics']}; clustered {m['n_fit']} of {m['n_unique']} distinct "
        f"(duplicates {m['exact_or_near_duplicate_share']:.1%}); dedup {m['dedup_s']:.1f}s "
        f"cluster {m['cluster_s']:.1f}s "
        f"c-TF-IDF {m['ctfidf_s']:.1f}s assign rest {m['assign_rest_s']:.1f}s"
    )
    print(f"  outliers before/after reduction: {m['outlier_share_before']:.1%} / {m['outlier_share_after']:.1%}; "
          f"largest topic {m['largest_topic_share']:.1%}")  # fmt: skip
    print(f"  diversity={m['diversity']:.3f} npmi(own)={m['npmi']:.3f}")
    print(f"cold topic stage (flags + embed + fit): {cold_s:.1f}s (+{distill_s:.1f}s one-off distillation), "
          f"peak RSS {peak_rss_mb():.0f} MB")  # fmt: skip
    for row in fit.topics.sort_values("size", ascending=False).head(12).itertuples():
        print(f"  [{row.topic_id:3d}] n={row.size:7d} {row.label}")

    # Warm re-run after +1% new posts: flags, cache lookups and assignment for the new posts only (the asset
    # looks up the stored copy groups of the new posts' keys in SQL; here a filter on the stored flags).
    import pandas as pd

    from nlp.topics.automated import dedup_key, flag_incremental
    from nlp.topics.dedup import normalise_for_dedup

    ids = [str(i) for i in range(len(texts))]
    stored = flags.assign(created_at=np.arange(len(texts)), platform="demo", post_id=ids)
    started = time.perf_counter()
    new_posts = pd.DataFrame({"created_at": len(texts) + np.arange(len(new_texts)), "platform": "demo",
                              "post_id": [f"n{i}" for i in range(len(new_texts))], "text": new_texts})  # fmt: skip
    normalised = [normalise_for_dedup(t) for t in new_texts]
    groups = stored[stored["dedup_key"].isin({dedup_key(t) for t in normalised})]
    flag_incremental(new_posts, groups, normalised=normalised)
    warm_emb = embed_texts_with_stats(new_texts, cache, progress=lambda done, total: None)
    state = load_state(model_dir)
    assigned = assign_topics(new_texts, warm_emb.embeddings, state)
    warm_s = time.perf_counter() - started
    results |= {
        "warm_s": warm_s, "warm_new_posts": len(new_texts), "warm_over_cold": warm_s / cold_s,
        "warm_new_outlier_share": float((assigned["topic_id"] == -1).mean()),
    }  # fmt: skip
    print(f"warm re-run (+{len(new_texts)} posts): {warm_s:.2f}s = {warm_s / cold_s:.1%} of cold; "
          f"new-post outliers {results['warm_new_outlier_share']:.1%}")  # fmt: skip

    # Refit on the grown corpus with the previous state: do topics keep their ids?
    all_emb = np.vstack([emb.embeddings, warm_emb.embeddings])
    started = time.perf_counter()
    refit = fit_topics(texts + new_texts, all_emb, seed=args.seed + 1, previous=state, model_dir=model_dir,
                       embedding_model=model_id)  # fmt: skip
    refit_s = time.perf_counter() - started
    before_ids = fit.assignments["topic_id"].to_numpy()
    kept = float((before_ids == refit.assignments["topic_id"].to_numpy()[: args.n]).mean())
    results |= {
        "refit_s": refit_s, "refit_topics": refit.metrics["n_topics"],
        "refit_matched_topics": refit.metrics["n_matched_topics"], "refit_posts_keeping_topic_id": kept,
    }  # fmt: skip
    print(f"refit (+1%, other seed, previous state): {refit_s:.1f}s, {refit.metrics['n_matched_topics']} of "
          f"{refit.metrics['n_topics']} topics kept their id; {kept:.1%} of posts kept their topic id")  # fmt: skip

    results["npmi_neutral_ours"] = neutral_npmi(ours_terms, texts)
    if not args.skip_stock:
        from bertopic import BERTopic

        from nlp.topics import topic_diversity
        from nlp.topics.embeddings import MINILM_MODEL_ID

        minilm = load_embedding_model(MINILM_MODEL_ID)
        stock = BERTopic(embedding_model=minilm)
        started = time.perf_counter()
        topics, _ = stock.fit_transform(texts)
        stock_s = time.perf_counter() - started
        topics = np.asarray(topics)
        stock_terms = [[w for w, _ in stock.get_topic(t)][:10] for t in sorted(set(topics.tolist())) if t != -1]
        results |= {
            "stock_end_to_end_s": stock_s,
            "stock_topics": int(len(set(topics.tolist())) - (1 if -1 in topics else 0)),
            "stock_outlier_share": float((topics == -1).mean()),
            "stock_diversity": topic_diversity(stock_terms),
            "npmi_neutral_stock": neutral_npmi(stock_terms, texts),
            "speedup_end_to_end": stock_s / cold_s,
            "speedup_end_to_end_incl_distill": stock_s / (cold_s + distill_s),
        }
        print(
            f"stock BERTopic().fit_transform(docs) (MiniLM + UMAP + HDBSCAN): {stock_s:.1f}s "
            f"topics={results['stock_topics']} outliers={results['stock_outlier_share']:.1%} "
            f"diversity={results['stock_diversity']:.3f}"
        )
        print(
            f"NPMI (neutral, all posts): ours {results['npmi_neutral_ours']:.3f} "
            f"vs stock {results['npmi_neutral_stock']:.3f}"
        )
        print(f"outliers: ours {m['outlier_share_after']:.1%} vs stock {results['stock_outlier_share']:.1%}")
        print(f"speed-up, topic stage end to end: {stock_s / cold_s:.1f}x "
              f"({stock_s / (cold_s + distill_s):.1f}x counting the one-off distillation)")  # fmt: skip
    else:
        print(f"NPMI (neutral, all posts): ours {results['npmi_neutral_ours']:.3f}")
    results["peak_rss_mb"] = peak_rss_mb()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / f"bench_topics_{args.n}.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"peak RSS {results['peak_rss_mb']:.0f} MB; figures in benchmarks/out/bench_topics_{args.n}.json")


if __name__ == "__main__":
    main()
