"""Post sentiment (``positive`` / ``neutral`` / ``negative``): one job per module.

- :mod:`nlp.sentiment.lexicon`: polarity word lists and cue tokens;
- :mod:`nlp.sentiment.rules`: content-free posts and VADER's reading of English;
- :mod:`nlp.sentiment.model`: the offline default, trained at first use on IndoNLU SmSA (Indonesian)
  and the labelled tweets' tune half (English);
- :mod:`nlp.sentiment.backend`: an optional transformers model (``HAPUSWATCH_SENTIMENT_MODEL``).

:func:`get_sentiment_analyzer` returns the memoised analyser. Every analyser has a ``version`` that
changes when its model or data change, and ``predict(texts, langs)`` → ``(label, score)`` with the
score a signed polarity in [-1, 1]. How to label sentiment: ``docs/codebook.md``.
"""

from __future__ import annotations

import os
import threading
from typing import Protocol

from nlp.sentiment.backend import ENV_VAR, LABELS_ENV_VAR, TransformersSentimentAnalyzer, map_model_labels
from nlp.sentiment.lexicon import LABELS
from nlp.sentiment.model import OfflineSentimentAnalyzer


class SentimentAnalyzer(Protocol):
    """What every sentiment backend offers."""

    version: str

    def predict(self, texts: list[str], langs: list[str] | None = None) -> list[tuple[str, float]]:
        """Return one ``(label, score)`` per text."""
        ...


_ANALYZERS: dict[str, SentimentAnalyzer] = {}
_LOCK = threading.Lock()


def get_sentiment_analyzer(model: str | None = None) -> SentimentAnalyzer:
    """Return the (memoised) analyser for ``model``.

    ``model=None`` reads ``HAPUSWATCH_SENTIMENT_MODEL``; unset, empty or ``offline`` selects the
    shipped offline default. Anything else is a Hugging Face id or local path loaded with
    :class:`TransformersSentimentAnalyzer`.
    """
    if model is None:
        model = os.environ.get(ENV_VAR, "")
    key = model.strip()
    if key.lower() in {"", "offline", "default"}:
        key = ""
    with _LOCK:
        analyzer = _ANALYZERS.get(key)
        if analyzer is None:
            analyzer = OfflineSentimentAnalyzer() if not key else TransformersSentimentAnalyzer(key)
            _ANALYZERS[key] = analyzer
        return analyzer


__all__ = [
    "ENV_VAR",
    "LABELS",
    "LABELS_ENV_VAR",
    "OfflineSentimentAnalyzer",
    "SentimentAnalyzer",
    "TransformersSentimentAnalyzer",
    "get_sentiment_analyzer",
    "map_model_labels",
]
