"""Per-post enrichment: language, normalised text, deletion stance and sentiment in one pass.

:func:`enrich_posts` is what the ``enrichment/post_enrichment`` asset calls. It works in batches
so memory stays flat on large backfills, and it never raises on odd text (empty, emoji only, a
bare URL, 100 kB rants, Arabic/Chinese): those come back as ``other``/``none``/``neutral``.

:func:`enrich_version` combines the versions of every component (language detector, lexicon
files, normaliser and stance rule code, sentiment analyser) so that changing any of them
changes the version and makes the pipeline re-enrich.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from nlp.destinations import DESTINATIONS_VERSION, extract_destinations
from nlp.language import detect_languages, language_detector_version
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


def enrich_posts(
    df: pd.DataFrame, batch_size: int = DEFAULT_BATCH_SIZE, analyzer=None, version: str | None = None
) -> pd.DataFrame:
    """Enrich posts: one output row per input row, columns ``OUTPUT_COLUMNS``.

    ``df`` needs ``platform, post_id, content_hash, title, body`` (title/body may be null).
    ``analyzer`` defaults to :func:`nlp.sentiment.get_sentiment_analyzer`. Each post's text is
    :func:`nlp.text.post_text` (the same join as ``int_posts_unioned.sql``) repaired by
    :func:`nlp.text.clean_text`; stance and sentiment read its :func:`nlp.text.reading_text`. ``version`` is
    :func:`enrich_version` of that analyser when the caller already has it (it hashes files).
    """
    missing = [c for c in INPUT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"enrich_posts: missing columns {missing}; got {list(df.columns)}")
    analyzer = analyzer if analyzer is not None else _sentiment_analyzer()
    version = version if version is not None else enrich_version(analyzer)
    frames: list[pd.DataFrame] = []
    for batch in _batches(df, max(1, batch_size)):
        texts = [
            clean_text(post_text(t, b)) for t, b in zip(batch["title"].tolist(), batch["body"].tolist(), strict=True)
        ]
        norms = [normalise_text(t) for t in texts]
        readings = [reading_text(t, normalised=n) for t, n in zip(texts, norms, strict=True)]
        langs = detect_languages(texts, normalised=norms)
        stances = classify_posts(texts, normalised=norms, langs=langs)
        sentiments = _predict_sentiment(analyzer, texts, langs, readings)
        destinations = extract_destinations(texts)
        frames.append(
            pd.DataFrame(
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
        )
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in OUTPUT_COLUMNS})
        return empty.astype({"stance_score": "float64", "sentiment_score": "float64"})
    out = pd.concat(frames, ignore_index=True)
    return out.loc[:, list(OUTPUT_COLUMNS)]
