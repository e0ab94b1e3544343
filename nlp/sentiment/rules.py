"""Sentiment decisions that need no model: content-free posts, and VADER's reading of English.

- :func:`has_content`: empty, URL-only and mention-only posts are ``neutral`` with score 0.
- :func:`vader_tokens`: VADER (``vaderSentiment``, a rule-based English sentiment analyser with
  negation, intensifiers and emoji) gives a compound score per English post; the model reads it as
  a binned token (``zzvaderpos2`` ... ``zzvaderneg2``) beside the n-grams, so English posts get
  VADER's rules and what the labelled tweets teach about this topic (news shares are neutral even
  when the words are grim).
"""

from __future__ import annotations

import functools
import re

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"@\w+")
MAX_CHARS = 4000


def has_content(text: str) -> bool:
    """False for empty / whitespace / URL-only / mention-only texts."""
    stripped = _MENTION_RE.sub(" ", _URL_RE.sub(" ", text[:MAX_CHARS]))
    return any(not ch.isspace() for ch in stripped)


@functools.cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_compound(text: str) -> float:
    """VADER's compound polarity in [-1, 1] for an (English) text."""
    return float(_vader().polarity_scores(text[:MAX_CHARS])["compound"])


def vader_tokens(text: str) -> list[str]:
    """VADER's verdict as one binned token (thresholds ±0.05 are VADER's own; ±0.5 marks strong)."""
    compound = vader_compound(text)
    if compound >= 0.5:
        return ["zzvaderpos2"]
    if compound >= 0.05:
        return ["zzvaderpos1"]
    if compound <= -0.5:
        return ["zzvaderneg2"]
    if compound <= -0.05:
        return ["zzvaderneg1"]
    return ["zzvaderneutral"]
