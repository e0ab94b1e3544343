"""Offline sentiment: two linear models trained at first use from files in the repo.

- **Indonesian** (and anything not detected as English): multinomial logistic regression over
  TF-IDF word 1-2-grams and character 3-5-grams (inside word boundaries) of the reading text
  (:func:`nlp.text.reading_text`: slang normalised, hashtags segmented, links/mentions masked),
  plus lexicon cue tokens (:mod:`nlp.sentiment.lexicon`). Trained on the IndoNLU SmSA train split
  (``data/smsa_train.tsv``, 11,000 labelled Indonesian texts). Hyper-parameters were chosen by
  5-fold cross-validation on that split only (``benchmarks/bench_sentiment.py --tune``); the SmSA
  validation split is only reported, and the SmSA test split is not in the repo.
- **English**: logistic regression over the same n-grams plus VADER's binned verdict
  (:mod:`nlp.sentiment.rules`), trained on the tune half of the labelled 2018 #DeleteFacebook tweets
  (``nlp/eval_data/deletefacebook_2018_tune.csv``); the test half is never read.

``predict`` returns ``(label, score)``: the label with the highest probability and the signed
polarity P(positive) - P(negative) in [-1, 1]. Duplicated texts are scored once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.features import CharNgrams, CharNgramTfidf, WordNgramTfidf
from nlp.fitted_cache import cached_fit
from nlp.language import detect_languages
from nlp.sentiment.lexicon import DATA_DIR, LABELS, lexicon_digest, polarity_tokens
from nlp.sentiment.rules import MAX_CHARS, has_content, vader_tokens
from nlp.text import reading_text

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval_data"
SMSA_TRAIN = DATA_DIR / "smsa_train.tsv"
ENGLISH_TRAIN = EVAL_DIR / "deletefacebook_2018_tune.csv"
# Chosen by 5-fold cross-validation on SmSA train / the tweets' tune half (bench_sentiment.py --tune).
C_INDONESIAN = 3.0
C_ENGLISH = 10.0
CHAR_NGRAMS = (3, 5)  # CV 0.884, as (2, 5), with a quarter fewer n-grams to count per post
ENGLISH_CHAR_NGRAMS = (2, 5)


def package_version(name: str) -> str:
    """Installed version of a distribution, ``unknown`` when it cannot be read."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _file_digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:10]


def indonesian_features(reading: str) -> str:
    """Model input of an Indonesian post: reading text plus lexicon cue tokens."""
    return reading[:MAX_CHARS] + " " + " ".join(polarity_tokens(reading))


def english_features(raw: str, reading: str) -> str:
    """Model input of an English post: reading text, lexicon cues and VADER's binned verdict."""
    return indonesian_features(reading) + " " + " ".join(vader_tokens(raw))


def build_pipeline(c: float, char_ngrams: tuple[int, int] = CHAR_NGRAMS, class_weight: str | None = None):
    """Unfitted TF-IDF (words + characters) → logistic regression pipeline."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion(
        [
            ("words", WordNgramTfidf(ngram_range=(1, 2), sublinear_tf=True, min_df=2, lowercase=False)),
            (
                "chars",
                CharNgramTfidf(analyzer=CharNgrams(*char_ngrams), sublinear_tf=True, min_df=2, lowercase=False),
            ),
        ]
    )
    # newton-cg reaches the lbfgs optimum here in about half the time over the wide character n-gram space.
    logreg = LogisticRegression(C=c, solver="newton-cg", max_iter=3000, class_weight=class_weight)
    return make_pipeline(features, logreg)


def load_smsa(path: Path = SMSA_TRAIN) -> pd.DataFrame:
    """SmSA split as ``text``/``label`` (header row added when it was copied into the repo)."""
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)


def load_english_training(path: Path = ENGLISH_TRAIN) -> pd.DataFrame:
    """The tune half of the labelled tweets as ``text``/``label``."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.DataFrame({"text": frame["text"], "label": frame["sentiment"]})


def fit_offline_models(c_indonesian: float, c_english: float):
    """Fit the Indonesian model on SmSA train and, when its file is present, the English one on the tweets."""
    smsa = load_smsa()
    indonesian = build_pipeline(c_indonesian).fit(
        [indonesian_features(reading_text(t)) for t in smsa["text"]], smsa["label"].tolist()
    )
    english = None
    if ENGLISH_TRAIN.is_file():
        tweets = load_english_training()
        # Balanced class weights: positive tweets are rare (about 1 in 10).
        english = build_pipeline(c_english, ENGLISH_CHAR_NGRAMS, class_weight="balanced").fit(
            [english_features(t, reading_text(t)) for t in tweets["text"]], tweets["label"].tolist()
        )
    return indonesian, english


class OfflineSentimentAnalyzer:
    """The shipped default: SmSA-trained Indonesian model, tweet-trained English model with VADER."""

    def __init__(self, c_indonesian: float = C_INDONESIAN, c_english: float = C_ENGLISH) -> None:
        self.version = (
            f"offline-v4:smsa-{_file_digest(SMSA_TRAIN)}:en-{_file_digest(ENGLISH_TRAIN)}:lex-{lexicon_digest()}"
            f":C{c_indonesian:g}/{c_english:g}bal:sklearn-{package_version('scikit-learn')}"
            f":vader-{package_version('vaderSentiment')}"
        )
        # Fitted once per data dir and loaded afterwards (nlp.fitted_cache); the version names the fit's inputs.
        self._indonesian, self._english = cached_fit(
            "sentiment-offline", self.version, lambda: fit_offline_models(c_indonesian, c_english)
        )

    @staticmethod
    def _label_scores(pipeline, features: list[str]) -> list[tuple[str, float]]:
        if not features:
            return []
        proba = pipeline.predict_proba(features)
        classes = [str(c) for c in pipeline.classes_]
        pos, neg = classes.index("positive"), classes.index("negative")
        best = proba.argmax(axis=1)
        polarity = np.clip(proba[:, pos] - proba[:, neg], -1.0, 1.0)
        return [(classes[b], round(float(s), 4)) for b, s in zip(best, polarity, strict=True)]

    def predict(
        self, texts: Sequence[object], langs: Sequence[str] | None = None, readings: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """Label each text; ``langs`` (``id``/``en``/``other``) route it, detected when not given.

        ``readings`` may pass :func:`nlp.text.reading_text` of the same texts. Content-free texts
        (empty, a bare link or mention) are ``("neutral", 0.0)``.
        """
        texts = [t if isinstance(t, str) else "" for t in texts]
        if langs is not None and len(langs) != len(texts):
            raise ValueError("langs must have the same length as texts")
        if readings is not None and len(readings) != len(texts):
            raise ValueError("readings must have the same length as texts")
        langs = list(langs) if langs is not None else detect_languages(texts)
        results: list[tuple[str, float]] = [("neutral", 0.0)] * len(texts)
        groups: dict[bool, dict[str, list[int]]] = {True: {}, False: {}}
        for i, text in enumerate(texts):
            if has_content(text):
                english = self._english is not None and str(langs[i]).lower().startswith("en")
                groups[english].setdefault(text, []).append(i)
        for english, by_text in groups.items():
            unique = list(by_text)
            if not unique:
                continue
            first = [by_text[t][0] for t in unique]
            reads = [readings[i] for i in first] if readings is not None else [reading_text(t) for t in unique]
            if english:
                feats = [english_features(t, r) for t, r in zip(unique, reads, strict=True)]
                scored = self._label_scores(self._english, feats)
            else:
                scored = self._label_scores(self._indonesian, [indonesian_features(r) for r in reads])
            for text, result in zip(unique, scored, strict=True):
                for i in by_text[text]:
                    results[i] = result
        return results


__all__ = ["LABELS", "OfflineSentimentAnalyzer"]
