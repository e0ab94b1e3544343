"""Per-post enrichment: language, normalised text, deletion stance and sentiment in one pass.

:func:`enrich_posts` is what the ``enrichment/post_enrichment`` asset calls. It works in batches
so memory stays flat on large backfills, and it never raises on odd text (empty, emoji only, a
bare URL, 100 kB rants, Arabic/Chinese): those come back as ``other``/``none``/``neutral``.

:func:`enrich_version` combines the versions of every component (language detector, lexicon
files, normaliser and stance rule code, sentiment analyser) so that changing any of them
changes the version and makes the pipeline re-enrich.

Large inputs (:data:`PARALLEL_MIN_POSTS` or more) are enriched by one process per core: the models are
fitted once in the calling process, which then forks workers that share them (copy-on-write) and
enrich slices of the input with one BLAS/OpenMP thread each and lingua one text at a time (its Rust
thread pool does not survive a fork). Labels are identical to the single-process path
(``tests/test_enrich.py``); small inputs stay in-process, where a pool would cost more than it saves.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from nlp.destinations import DESTINATIONS_VERSION, extract_destinations
from nlp.language import detect_languages, language_detector_version, use_threads, warm_up
from nlp.normalise import lexicon_version, normalise_text
from nlp.stance import STANCE_VERSION, classify_posts
from nlp.text import clean_text, post_text, reading_text

INPUT_COLUMNS = ("platform", "post_id", "content_hash", "title", "body")
OUTPUT_COLUMNS = (
    "platform",
    "post_id",
    "content_hash",
    "lang",
    "text_norm",
    "stance",
    "stance_score",
    "sentiment",
    "sentiment_score",
    "destinations",
    "enrich_version",
)
DEFAULT_BATCH_SIZE = 5_000
# From this many posts enrichment forks one worker per core (below, the fork and the transfer of results
# cost more than the second core saves). ``HAPUSWATCH_ENRICH_WORKERS`` caps the number of workers.
# Measured with the models loaded (2 idle cores, one process vs two): 1,000 posts 0.28 vs 0.35 s, 2,000
# 0.52 vs 0.48 s, 4,000 0.99 vs 0.76 s, 10,000 2.55 vs 1.53 s (`benchmarks/bench_enrich.py --n 10000`).
PARALLEL_MIN_POSTS = 3_000
WORKERS_ENV_VAR = "HAPUSWATCH_ENRICH_WORKERS"
# Code whose changes change labels: the enrichment version hashes these files.
_CODE_FILES = (
    "normalise.py",
    "language.py",
    "text.py",
    "features.py",
    "stance/lexicon.py",
    "stance/rules.py",
    "stance/model.py",
    "stance/classify.py",
    "sentiment/lexicon.py",
    "sentiment/rules.py",
    "sentiment/model.py",
)


def _sentiment_analyzer():
    # Imported lazily: the analyser fits its model on first use (a few seconds).
    from nlp.sentiment import get_sentiment_analyzer

    return get_sentiment_analyzer()


def enrich_version_components(analyzer=None) -> dict[str, str]:
    """Return the version of each enrichment component (for logs and asset metadata)."""
    code = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CODE_FILES:
        code.update((here / name).read_bytes())
    analyzer = analyzer if analyzer is not None else _sentiment_analyzer()
    return {
        "language": language_detector_version(),
        "lexicon": lexicon_version(),
        "stance": f"{STANCE_VERSION}+{code.hexdigest()[:12]}",
        "sentiment": str(analyzer.version),
        "destinations": DESTINATIONS_VERSION,
    }


def enrich_version(analyzer=None) -> str:
    """Return a short version id that changes when any component's version changes."""
    parts = enrich_version_components(analyzer)
    digest = hashlib.sha256("|".join(f"{k}={v}" for k, v in sorted(parts.items())).encode()).hexdigest()
    return f"enrich-{digest[:12]}"


def __getattr__(name: str) -> str:
    # ``ENRICH_VERSION`` is computed on first access, not at import: it needs the sentiment model.
    if name == "ENRICH_VERSION":
        return enrich_version()
    raise AttributeError(name)


def _predict_sentiment(analyzer, texts: list[str], langs: list[str], readings: list[str]) -> list[tuple[str, float]]:
    # The offline analyser reuses the reading texts computed for stance; other backends read raw text.
    from nlp.sentiment.model import OfflineSentimentAnalyzer

    if isinstance(analyzer, OfflineSentimentAnalyzer):
        return analyzer.predict(texts, langs, readings=readings)
    return analyzer.predict(texts, langs)


def _batches(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size]


def _enrich_batch(batch: pd.DataFrame, analyzer, version: str) -> pd.DataFrame:
    texts = [clean_text(post_text(t, b)) for t, b in zip(batch["title"].tolist(), batch["body"].tolist(), strict=True)]
    norms = [normalise_text(t) for t in texts]
    readings = [reading_text(t, normalised=n) for t, n in zip(texts, norms, strict=True)]
    langs = detect_languages(texts, normalised=norms)
    stances = classify_posts(texts, normalised=norms, langs=langs)
    sentiments = _predict_sentiment(analyzer, texts, langs, readings)
    destinations = extract_destinations(texts)
    return pd.DataFrame(
        {
            "platform": batch["platform"].to_numpy(),
            "post_id": batch["post_id"].to_numpy(),
            "content_hash": batch["content_hash"].to_numpy(),
            "lang": langs,
            "text_norm": norms,
            "stance": [s.label for s in stances],
            "stance_score": [float(s.score) for s in stances],
            "sentiment": [s for s, _ in sentiments],
            "sentiment_score": [float(p) for _, p in sentiments],
            "destinations": destinations,
            "enrich_version": version,
        }
    )


def available_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def default_workers(n_posts: int, analyzer=None) -> int:
    """Worker processes for ``n_posts``: 1 below :data:`PARALLEL_MIN_POSTS`, else one per core.

    ``HAPUSWATCH_ENRICH_WORKERS`` caps it. Only the offline sentiment analyser is forked (a
    transformers model runs its own threads), and only where ``fork`` exists.
    """
    from nlp.sentiment.model import OfflineSentimentAnalyzer

    if n_posts < PARALLEL_MIN_POSTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if analyzer is not None and not isinstance(analyzer, OfflineSentimentAnalyzer):
        return 1
    workers = available_cores()
    cap = os.environ.get(WORKERS_ENV_VAR, "").strip()
    if cap:
        workers = min(workers, max(1, int(cap)))
    return workers


# What forked workers read: set in the parent right before the fork, inherited copy-on-write.
_FORK_STATE: dict[str, object] = {}
_FORK_LOCK = threading.Lock()  # one forked enrichment at a time per process (the state above is shared)


def _init_worker() -> None:
    # A forked worker inherits the parent's signal handlers; Dagster's turn SIGTERM into an exception,
    # which, raised while a worker holds the pool's queue lock, hung the pool (seen once in a 200k run).
    # Workers die on SIGTERM and leave Ctrl-C to the parent.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # One thread per worker: the workers already fill the cores.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    from threadpoolctl import threadpool_limits

    _FORK_STATE["limits"] = threadpool_limits(1)
    use_threads(False)


def _enrich_slice(bounds: tuple[int, int]) -> pd.DataFrame:
    frame = _FORK_STATE["frame"]
    assert isinstance(frame, pd.DataFrame)
    return _enrich_batch(frame.iloc[bounds[0] : bounds[1]], _FORK_STATE["analyzer"], str(_FORK_STATE["version"]))


def warm_up_models(analyzer=None) -> None:
    """Load every model enrichment uses (the sentiment analyser, lingua's detectors, the stance models); later
    calls find them loaded. Enrichment's forked workers share what the parent loaded, so this runs before the
    fork (and `hapuswatch run` runs it while dbt works)."""
    analyzer = analyzer if analyzer is not None else _sentiment_analyzer()
    warm_up()
    classify_posts(["warm up: fit the stance models"])
    _predict_sentiment(analyzer, ["warm up", "pemanasan"], ["en", "id"], ["warm up", "pemanasan"])


def _enrich_forked(df: pd.DataFrame, batch_size: int, analyzer, version: str, workers: int) -> list[pd.DataFrame]:
    # Fit everything before the fork so that the workers share the fitted models.
    warm_up_models(analyzer)
    # Two slices per worker at least, so a slow slice does not leave a core idle at the end.
    size = max(1, min(batch_size, math.ceil(len(df) / (2 * workers))))
    bounds = [(start, min(start + size, len(df))) for start in range(0, len(df), size)]
    with _FORK_LOCK:
        _FORK_STATE.update(frame=df, analyzer=analyzer, version=version)
        try:
            with multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker) as pool:
                frames = pool.map(_enrich_slice, bounds, chunksize=1)
                # Let the workers exit on their own (the context manager's terminate() would signal them).
                pool.close()
                pool.join()
                return frames
        finally:
            _FORK_STATE.clear()


def enrich_posts(
    df: pd.DataFrame,
    batch_size: int = DEFAULT_BATCH_SIZE,
    analyzer=None,
    version: str | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Enrich posts: one output row per input row, columns ``OUTPUT_COLUMNS``.

    ``df`` needs ``platform, post_id, content_hash, title, body`` (title/body may be null).
    ``analyzer`` defaults to :func:`nlp.sentiment.get_sentiment_analyzer`. Each post's text is
    :func:`nlp.text.post_text` (the same join as ``int_posts_unioned.sql``) repaired by
    :func:`nlp.text.clean_text`; stance and sentiment read its :func:`nlp.text.reading_text`. ``version`` is
    :func:`enrich_version` of that analyser when the caller already has it (it hashes files).
    ``workers`` processes share the work (default :func:`default_workers`); the labels do not depend on it.
    """
    missing = [c for c in INPUT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"enrich_posts: missing columns {missing}; got {list(df.columns)}")
    analyzer = analyzer if analyzer is not None else _sentiment_analyzer()
    version = version if version is not None else enrich_version(analyzer)
    workers = default_workers(len(df), analyzer) if workers is None else max(1, workers)
    if workers > 1 and len(df) > 1:
        frames = _enrich_forked(df, max(1, batch_size), analyzer, version, workers)
    else:
        frames = [_enrich_batch(batch, analyzer, version) for batch in _batches(df, max(1, batch_size))]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in OUTPUT_COLUMNS})
        return empty.astype({"stance_score": "float64", "sentiment_score": "float64"})
    out = pd.concat(frames, ignore_index=True)
    return out.loc[:, list(OUTPUT_COLUMNS)]
