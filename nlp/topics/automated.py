"""Automated and copy-paste posts, flagged per post with a reason.

Flagged posts are counted but take no part in topic fitting or the movement KPIs (the marts filter on
``is_automated``). Reasons, first match wins:

- ``retweet``: starts with Twitter's ``RT`` marker (someone else's words, re-posted);
- ``digest``: paper.li-style link digests ("The latest … Daily! <link>");
- ``link_only``: a link with no words of its own, only hashtags or handles (link bots);
- ``copy_paste``: the same text as an earlier post (normalised: case, links, handles, punctuation),
  or, when a near-duplicate grouping is passed, a near copy of one (word-bigram Jaccard, see
  :mod:`nlp.topics.dedup`), when it has at least
  ``min_copy_words`` words; the first post of each group is not flagged. Short texts ("done",
  "hapus akun fb") recur naturally and are not flagged.

Every flagged post keeps a ``dedup_key`` (a hash of its normalised text), so between refits only new
posts are flagged (:func:`flag_incremental`): a new post is a copy iff an earlier post has its key, and
the result equals a full :func:`flag_automated` over the corpus in time order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nlp.topics.dedup import groups_of_normalised, normalise_for_dedup
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


def dedup_key(normalised: str) -> str:
    """The stored key of a normalised text: posts with equal keys are exact copies of each other."""
    return hashlib.md5(normalised.encode("utf-8"), usedforsecurity=False).hexdigest()


def flag_automated(
    texts: Sequence[str],
    rep: np.ndarray | None = None,
    min_copy_words: int = 5,
    normalised: Sequence[str] | None = None,
) -> pd.DataFrame:
    """``is_automated``, ``automated_reason`` and ``dedup_key`` per text, in input order (order posts by time).

    ``rep`` is the duplicate grouping from :func:`nlp.topics.dedup.find_duplicates` (exact and near
    duplicates); without it only exact duplicates of the normalised text count as copies. ``normalised``
    (:func:`nlp.topics.dedup.normalise_for_dedup` of each text) skips normalising again.
    """
    texts = ["" if t is None else str(t) for t in texts]
    n = len(texts)
    if n == 0:
        return pd.DataFrame(
            {
                "is_automated": pd.Series(dtype=bool),
                "automated_reason": pd.Series(dtype=object),
                "dedup_key": pd.Series(dtype=object),
            }
        )
    if normalised is None:
        normalised = [normalise_for_dedup(t) for t in texts]
    reasons: list[str | None] = [automated_reason(t, norm) for t, norm in zip(texts, normalised, strict=True)]
    # without a grouping: exact groups of the texts normalised above
    rep = groups_of_normalised(normalised) if rep is None else np.asarray(rep, dtype=np.int64)
    for i in np.flatnonzero(rep != np.arange(n)).tolist():
        if reasons[i] is None and len(normalised[rep[i]].split()) >= min_copy_words:
            reasons[i] = REASON_COPY_PASTE
    flags = np.array([r is not None for r in reasons], dtype=bool)
    return pd.DataFrame(
        {
            "is_automated": flags,
            "automated_reason": pd.Series(reasons, dtype=object),
            "dedup_key": pd.Series([dedup_key(t) for t in normalised], dtype=object),
        }
    )


ORDER = ("created_at", "platform", "post_id")


def flag_incremental(
    new: pd.DataFrame, stored: pd.DataFrame, min_copy_words: int = 5, normalised: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flag ``new`` posts against already flagged ones, as a full :func:`flag_automated` in time order would.

    ``new`` has ``text`` and the order columns (``created_at``, ``platform``, ``post_id``). ``stored`` has
    the order columns, ``dedup_key`` and ``automated_reason`` of every kept, flagged post whose key is a
    new post's key or the key of a post removed since (deleted upstream, or its text changed); its flags
    must be those of a full pass over the corpus before the change. Only these copy groups can change.

    Returns the flags of ``new`` (``is_automated``, ``automated_reason``, ``dedup_key``, in input order)
    and the stored posts whose flag changes (``platform``, ``post_id``, ``is_automated``,
    ``automated_reason``): the first post of a group is not a copy, every later one with at least
    ``min_copy_words`` words and no rule reason is. ``normalised`` may carry the new texts already
    normalised (:func:`nlp.topics.dedup.normalise_for_dedup`), e.g. when their keys were needed first.
    """
    texts = ["" if t is None else str(t) for t in new["text"]]
    if normalised is None:
        normalised = [normalise_for_dedup(t) for t in texts]
    rules = [automated_reason(t, norm) for t, norm in zip(texts, normalised, strict=True)]
    fresh = pd.DataFrame({c: new[c].to_numpy() for c in ORDER})
    fresh["dedup_key"] = pd.Series([dedup_key(t) for t in normalised], dtype=object)
    fresh["rule"] = pd.Series(rules, dtype=object)
    fresh["long"] = [len(t.split()) >= min_copy_words for t in normalised]
    fresh["row"] = np.arange(len(fresh))
    kept = pd.DataFrame({c: stored[c].to_numpy() for c in ORDER})
    kept["dedup_key"] = stored["dedup_key"].to_numpy(dtype=object)
    old_reason = stored["automated_reason"].to_numpy(dtype=object)
    # a stored copy had no rule reason (rules win over copy_paste), and its group is long enough
    was_copy = pd.Series(old_reason, dtype=object).eq(REASON_COPY_PASTE).to_numpy()
    kept["rule"] = pd.Series(np.where(was_copy, None, old_reason), dtype=object)
    kept["long"] = was_copy
    kept["row"] = -1 - np.arange(len(kept))
    group = pd.concat([fresh, kept], ignore_index=True)
    if len(group) == 0:
        return flag_automated([]), pd.DataFrame(
            {"platform": [], "post_id": [], "is_automated": pd.Series(dtype=bool), "automated_reason": []}
        )
    # Every member of a group has the same normalised text, so one long member makes the group long. A
    # group with no new member and no stored copy either is short or has only rule-flagged later posts;
    # both keep their flags, and only its (possibly new) first post matters.
    long = group.groupby("dedup_key", sort=False)["long"].transform("any").to_numpy(dtype=bool)
    group = group.assign(long=long).sort_values(["dedup_key", *ORDER], kind="stable")
    first = ~group["dedup_key"].duplicated().to_numpy()
    rule = group["rule"].to_numpy(dtype=object)
    copy = ~first & pd.isna(rule) & group["long"].to_numpy(dtype=bool)
    reason = np.where(copy, REASON_COPY_PASTE, rule)
    group = group.assign(automated_reason=pd.Series(reason, index=group.index, dtype=object))
    group["automated_reason"] = group["automated_reason"].where(group["automated_reason"].notna(), None)
    group["is_automated"] = group["automated_reason"].notna()
    ours = group[group["row"] >= 0].sort_values("row")
    flags = pd.DataFrame(
        {
            "is_automated": ours["is_automated"].to_numpy(dtype=bool),
            "automated_reason": pd.Series(ours["automated_reason"].to_numpy(dtype=object), dtype=object),
            "dedup_key": pd.Series(ours["dedup_key"].to_numpy(dtype=object), dtype=object),
        }
    )
    theirs = group[group["row"] < 0].sort_values("row", ascending=False)
    before = pd.Series(old_reason[-1 - theirs["row"].to_numpy()], dtype=object)
    after = pd.Series(theirs["automated_reason"].to_numpy(dtype=object), dtype=object)
    changed = ~(before.eq(after) | (before.isna() & after.isna())).to_numpy()
    changes = theirs[changed]
    return flags, pd.DataFrame(
        {
            "platform": changes["platform"].to_numpy(dtype=object),
            "post_id": changes["post_id"].to_numpy(dtype=object),
            "is_automated": changes["is_automated"].to_numpy(dtype=bool),
            "automated_reason": pd.Series(changes["automated_reason"].to_numpy(dtype=object), dtype=object),
        }
    )
