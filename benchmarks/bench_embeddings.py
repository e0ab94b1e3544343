"""Embedding candidates for topics, compared on real English tweets and Indonesian text.

    .venv/bin/python benchmarks/bench_embeddings.py                 # all candidates, both corpora
    .venv/bin/python benchmarks/bench_embeddings.py --models m2v-id,lsa --smsa-limit 3000
    .venv/bin/python benchmarks/bench_embeddings.py --models m2v-id --corpora tweets,smsa,demo --smsa-limit 3000 \
        --drop-components 0,2        # does projecting out the leading directions help?

Corpora: the real 2018 #DeleteFacebook tweets (``tests/fixtures/imports/deletefacebook_2018/tweets.csv``,
handles scrubbed as ``hapuswatch import`` does) and the Indonesian SmSA *train* split
(``nlp/sentiment/data/smsa_train.tsv``; the test split is never read). For each candidate: load (or
distil) time, texts/s, and the topic fit of ``nlp.topics.fit_topics`` on its vectors (automated posts
excluded, as in the pipeline): topics, outlier share before/after reduction, largest topic share, NPMI
coherence and diversity of the top terms, and how often its 10 nearest neighbours agree with MiniLM's.
The ``demo`` corpus (synthetic, ``--demo-n`` posts) adds the NMI between topics and the generator's themes.
Prints a markdown table (docs/embeddings.md); writes JSON to ``benchmarks/out/``. Never asserts timings.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TQDM_DISABLE", "1")

from nlp.topics import embeddings as emb_mod  # noqa: E402
from nlp.topics import fit_topics, flag_automated  # noqa: E402
from nlp.topics.params import TopicParams  # noqa: E402

TWEETS = ROOT / "tests" / "fixtures" / "imports" / "deletefacebook_2018" / "tweets.csv"
SMSA_TRAIN = ROOT / "nlp" / "sentiment" / "data" / "smsa_train.tsv"
CANDIDATES = {
    "minilm": emb_mod.MINILM_MODEL_ID,
    "m2v": "hapuswatch/m2v-minilm",
    "m2v-id": "hapuswatch/m2v-minilm-id",
    "lsa": "lsa",
}


def load_tweets() -> list[str]:
    from ingestion.privacy import scrub_handles

    with TWEETS.open(encoding="utf-8", newline="") as fh:
        return [scrub_handles(row["text"]) or "" for row in csv.DictReader(fh)]


def load_smsa(limit: int | None) -> list[str]:
    with SMSA_TRAIN.open(encoding="utf-8", newline="") as fh:
        texts = [row["text"] for row in csv.DictReader(fh, delimiter="\t")]
    return texts[:limit] if limit else texts


def lsa_encoder(texts: list[str]):
    """TF-IDF + truncated SVD (256 dims) fitted on the corpus itself."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    from nlp.topics.stopwords import TOKEN_PATTERN, clean_for_terms

    vec = TfidfVectorizer(
        token_pattern=TOKEN_PATTERN, sublinear_tf=True, min_df=2, preprocessor=lambda t: clean_for_terms(t).lower()
    )
    x = vec.fit_transform(texts)
    svd = TruncatedSVD(n_components=min(256, x.shape[1] - 1), random_state=42).fit(x)
    return lambda batch: svd.transform(vec.transform(batch))


def knn_agreement(a: np.ndarray, b: np.ndarray, k: int = 10, sample: int = 2000) -> float:
    """Mean share of each text's k nearest neighbours (cosine) that two embeddings agree on."""
    idx = np.arange(min(sample, len(a)))

    def knn(x):
        x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
        sims = x[idx] @ x.T
        sims[np.arange(len(idx)), idx] = -np.inf
        return np.argpartition(-sims, k, axis=1)[:, :k]

    na, nb = knn(a), knn(b)
    return float(np.mean([len(set(r) & set(s)) / k for r, s in zip(na, nb, strict=True)]))


def load_demo(n: int) -> tuple[list[str], np.ndarray]:
    """``n`` demo posts (title + body, as the pipeline reads them) and the generator's theme of each."""
    from ingestion.sources.demo import generate_demo_posts
    from nlp.text import post_text

    frame = generate_demo_posts(n, seed=42)
    texts = [post_text(t, b) for t, b in zip(frame["title"], frame["body"], strict=True)]
    return texts, frame["gen_theme"].to_numpy()


def run(
    name: str, texts: list[str], model_key: str, automated: np.ndarray, drop: int, truth: np.ndarray | None = None
) -> tuple[dict, np.ndarray]:
    from sklearn.metrics import normalized_mutual_info_score

    started = time.perf_counter()
    if model_key == "lsa":
        encode = lsa_encoder(texts)
    else:
        model = emb_mod.load_embedding_model(model_key)
        encode = emb_mod._encoder(model, model_key, 64, emb_mod.DEFAULT_MAX_SEQ_LENGTH)
        encode(texts[:8])  # warm-up outside the timed region
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    vectors = np.asarray(encode(texts), dtype=np.float32)
    embed_s = time.perf_counter() - started
    started = time.perf_counter()
    params = TopicParams(drop_components=drop)
    fit = fit_topics(texts, vectors, seed=42, embedding_model=model_key, exclude=automated, params=params)
    fit_s = time.perf_counter() - started
    m = fit.metrics
    nmi = None
    if truth is not None:  # agreement with the generator's themes, over counted posts that got a topic
        topic = fit.assignments["topic_id"].to_numpy()
        keep = ~automated & (topic >= 0)
        nmi = float(normalized_mutual_info_score(truth[keep], topic[keep]))
    row = {
        "corpus": name, "model": model_key, "drop_components": drop, "nmi_with_themes": nmi, "load_s": load_s,
        "texts_per_s": len(texts) / embed_s,
        "fit_s": fit_s, "n_topics": m["n_topics"], "outliers_before": m["outlier_share_before"],
        "outliers_after": m["outlier_share_after"], "largest_topic_share": m["largest_topic_share"],
        "npmi": m["npmi"], "diversity": m["diversity"],
        "labels": fit.topics.sort_values("size", ascending=False)[["size", "label"]].head(8).values.tolist(),
    }  # fmt: skip
    return row, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=",".join(CANDIDATES), help=f"comma list of {', '.join(CANDIDATES)}")
    parser.add_argument("--corpora", default="tweets,smsa")
    parser.add_argument("--smsa-limit", type=int, default=None, help="first N SmSA train texts (default all 11k)")
    parser.add_argument("--demo-n", type=int, default=20_000, help="demo posts for the `demo` corpus")
    parser.add_argument(
        "--drop-components", default=str(TopicParams().drop_components),
        help="comma list of leading directions to project out before clustering (TopicParams.drop_components)",
    )  # fmt: skip
    args = parser.parse_args()
    # Distilled models are built once (outside the timed runs) into a reusable folder.
    os.environ.setdefault(emb_mod.EMBEDDING_DIR_ENV, str(Path(tempfile.gettempdir()) / "hapuswatch-bench-embeddings"))
    build = {}
    for short in args.models.split(","):
        key = CANDIDATES[short]
        if emb_mod.is_static(key) and not emb_mod.static_model_dir(key).exists():
            started = time.perf_counter()
            emb_mod.build_static_model(key)
            build[key] = time.perf_counter() - started
            print(f"distilled {key} in {build[key]:.1f}s (once per data dir)")
    corpora = {
        "tweets": lambda: (load_tweets(), None),
        "smsa": lambda: (load_smsa(args.smsa_limit), None),
        "demo": lambda: load_demo(args.demo_n),
    }
    drops = [int(d) for d in args.drop_components.split(",")]
    rows = []
    for name in args.corpora.split(","):
        texts, truth = corpora[name]()
        automated = flag_automated(texts)["is_automated"].to_numpy()
        print(f"\n{name}: {len(texts)} texts, {automated.sum()} flagged automated")
        ref = None
        for short in args.models.split(","):
            for drop in drops:
                row, vectors = run(name, texts, CANDIDATES[short], automated, drop, truth)
                if short == "minilm":
                    ref = vectors
                row["knn10_agreement_with_minilm"] = knn_agreement(vectors, ref) if ref is not None else None
                row["distill_s"] = build.get(CANDIDATES[short])
                rows.append(row)
                print(json.dumps({k: v for k, v in row.items() if k != "labels"}, default=float))
                for size, label in row["labels"][:5]:
                    print(f"    {size:5d}  {label}")
    print(
        "\n| corpus | model | dropped directions | texts/s | load s | topics | outliers before → after | largest topic "
        "| NPMI | diversity | NMI with demo themes | 10-NN agreement with MiniLM |"
    )
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        agreement = r["knn10_agreement_with_minilm"]
        agree = "—" if agreement is None or r["model"] == emb_mod.MINILM_MODEL_ID else f"{agreement:.0%}"
        nmi = "—" if r["nmi_with_themes"] is None else f"{r['nmi_with_themes']:.3f}"
        print(
            f"| {r['corpus']} | {r['model']} | {r['drop_components']} | {r['texts_per_s']:,.0f} | {r['load_s']:.1f} | "
            f"{r['n_topics']} | {r['outliers_before']:.1%} → {r['outliers_after']:.1%} | "
            f"{r['largest_topic_share']:.1%} | {r['npmi']:.3f} | {r['diversity']:.2f} | {nmi} | {agree} |"
        )
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_embeddings.json").write_text(json.dumps(rows, indent=2, default=float))


if __name__ == "__main__":
    main()
