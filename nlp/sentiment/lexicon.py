"""Sentiment word lists and the polarity cue tokens the model reads beside the n-grams.

``data/lexicon_positive.txt`` / ``data/lexicon_negative.txt`` are hand-written Indonesian (and
common code-switched English) polarity words in their normalised form. :func:`polarity_tokens`
marks each hit as ``zzlexpos`` / ``zzlexneg``, flipped when a negator stands within two words before
it ("tidak enak" → ``zzlexneg``), and adds ``zzcontrast`` when a contrast word splits the post (the
clause after "tapi"/"but" usually carries the verdict).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")

_NEGATOR_WORDS = "tidak enggak bukan belum jangan kurang tanpa anti not no never dont don't didn't isn't wasn't cannot"
NEGATORS = frozenset([*_NEGATOR_WORDS.split(), "can't", "won't"])
# "bukan main" / "tidak kalah" are idioms of praise, not negations.
NEGATION_EXCEPTIONS = frozenset({("bukan", "main"), ("tidak", "kalah")})
_CONTRAST_WORDS = "tapi tetapi namun sayangnya padahal malah ternyata walaupun meski meskipun but however although"
CONTRAST = frozenset(_CONTRAST_WORDS.split())
_WORD_RE = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


def _read_word_list(path: Path) -> frozenset[str]:
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@functools.cache
def word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(positive words, negative words)."""
    return _read_word_list(DATA_DIR / "lexicon_positive.txt"), _read_word_list(DATA_DIR / "lexicon_negative.txt")


def lexicon_digest() -> str:
    """Hash of the word lists (part of the sentiment version)."""
    digest = hashlib.sha256()
    for name in ("lexicon_positive.txt", "lexicon_negative.txt"):
        path = DATA_DIR / name
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:10]


def polarity_tokens(reading: str) -> list[str]:
    """Lexicon cue tokens for one reading text (see module docstring)."""
    positive, negative = word_lists()
    words = _WORD_RE.findall(reading)
    out: list[str] = []
    for i, word in enumerate(words):
        polarity = 1 if word in positive else -1 if word in negative else 0
        if not polarity:
            if word in CONTRAST:
                out.append("zzcontrast")
            continue
        window = words[max(0, i - 2) : i]
        negated = any(w in NEGATORS and (w, word) not in NEGATION_EXCEPTIONS for w in window)
        polarity = -polarity if negated else polarity
        out.append("zzlexpos" if polarity > 0 else "zzlexneg")
    return out
