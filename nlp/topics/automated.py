"""Automated and copy-paste posts, flagged per post with a reason.

Flagged posts are counted but take no part in topic fitting or the movement KPIs (the marts filter on
``is_automated``). Reasons, first match wins:

- ``retweet``: starts with Twitter's ``RT`` marker (someone else's words, re-posted);
- ``digest``: paper.li-style link digests ("The latest … Daily! <link>");
- ``link_only``: a link with no words of its own, only hashtags or handles (link bots);
- ``copy_paste``: the same text as an earlier post (normalised: case, links, handles, punctuation),
  or a near duplicate of one (embedding cosine above the dedup threshold), when it has at least
  ``min_copy_words`` words; the first post of each group is not flagged. Short texts ("done",
  "hapus akun fb") recur naturally and are not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nlp.topics.dedup import exact_groups, normalise_for_dedup
from nlp.topics.stopwords import URL_RE

REASON_RETWEET = "retweet"
REASON_DIGEST = "digest"
REASON_LINK_ONLY = "link_only"
REASON_COPY_PASTE = "copy_paste"
REASONS = (REASON_RETWEET, REASON_DIGEST, REASON_LINK_ONLY, REASON_COPY_PASTE)

_RETWEET_RE = re.compile(r"^\s*RT\b")
_DIGEST_RE = re.compile(r"^\s*the latest\b[^\n]{0,140}?!", re.IGNORECASE)
_PAPER_LI_RE = re.compile(r"\bpaper\.li\b", re.IGNORECASE)


def automated_reason(text: str, normalised: str | None = None) -> str | None:
    """The rule-based reason a single text is automated (``retweet``, ``digest``, ``link_only``), else None."""
    if not text:
        return None
    if _RETWEET_RE.match(text):
        return REASON_RETWEET
    has_link = bool(URL_RE.search(text))
    if (has_link and _DIGEST_RE.match(text)) or _PAPER_LI_RE.search(text):
        return REASON_DIGEST
    norm = normalise_for_dedup(text) if normalised is None else normalised
    if has_link and not norm:
        return REASON_LINK_ONLY
    return None


def flag_automated(texts: Sequence[str], rep: np.ndarray | None = None, min_copy_words: int = 5) -> pd.DataFrame:
    """``is_automated`` and ``automated_reason`` per text, in input order (order posts by time first).

    ``rep`` is the duplicate grouping from :func:`nlp.topics.dedup.find_duplicates` (exact and near
    duplicates); without it only exact duplicates of the normalised text count as copies.
    """
    texts = ["" if t is None else str(t) for t in texts]
    n = len(texts)
    if n == 0:
        return pd.DataFrame({"is_automated": pd.Series(dtype=bool), "automated_reason": pd.Series(dtype=object)})
    normalised = [normalise_for_dedup(t) for t in texts]
    reasons: list[str | None] = [automated_reason(t, norm) for t, norm in zip(texts, normalised, strict=True)]
    rep = exact_groups(texts) if rep is None else np.asarray(rep, dtype=np.int64)
    for i in np.flatnonzero(rep != np.arange(n)).tolist():
        if reasons[i] is None and len(normalised[rep[i]].split()) >= min_copy_words:
            reasons[i] = REASON_COPY_PASTE
    flags = np.array([r is not None for r in reasons], dtype=bool)
    return pd.DataFrame({"is_automated": flags, "automated_reason": pd.Series(reasons, dtype=object)})
