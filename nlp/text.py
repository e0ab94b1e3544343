"""The one definition of a post's text, and the reading form the stance and sentiment models see.

- :func:`post_text` joins a post's title and body exactly as ``int_posts_unioned.sql`` does
  (``nullif(trim(concat_ws(E'\\n\\n', title, body)), '')``), so enrichment, topics, the marts and the
  dashboard all read the same text.
- :func:`clean_text` repairs what real exports break: HTML entities (``&amp;``), U+FFFD left where
  emoji were lost, zero-width characters.
- :func:`segment_hashtag` splits a hashtag into words (``#DeleteFacebook`` → ``delete facebook``,
  ``#hapusakunfacebook`` → ``hapus akun facebook``, ``#deletefb`` → ``delete fb``) by CamelCase, then
  by a dynamic programme over a small vocabulary of the movement's words, so that rules and models
  read the hashtag as the verb phrase it is in "I #DeleteFacebook" or "Just #DeleteFacebook".
- :func:`reading_text` is the normalised text with hashtags segmented (the first word keeps the
  ``#`` so "a hashtag was here" stays visible), mentions and links masked (``<user>``, ``<url>``).
"""

from __future__ import annotations

import functools
import html
import math
import re

from nlp.normalise import normalise_text

# Words hashtags of this movement and its neighbours are made of (English + Indonesian + platforms).
# Longer, rarer words cost less per character than a string of short ones, see _word_cost.
_VOCABULARY_WORDS = """
    delete deleted deleting deletes del hapus hapuslah hapusin apus menghapus remove quit quitting leave leaving
    ditch boycott boikot bye goodbye uninstall deactivate deactivated nonaktifkan tinggalkan keluar stop cancel
    unfollow log logout off exodus out exit escape break free kill it now too again already done just all
    facebook fb face book meta instagram ig insta whatsapp wa messenger threads zuck zuckerberg mark
    twitter tiktok google amazon uber apple youtube snapchat social media network data privacy
    akun account accounts acct your my our the a an and or of to for on in is be we you i me us
    saya aku gue kita kami kalian ayo mari yuk gerakan save matters protect own right rights
    no not never stay keep staying kept tetap matter life real world people users user
    fake news leak leaks breach scandal gate cambridge analytica trust lie lies spy spying
    bill internet day dark money week friday movement campaign now sekarang juga lagi aja saja
"""
HASHTAG_VOCABULARY = frozenset(_VOCABULARY_WORDS.split())
_MAX_WORD = max(map(len, HASHTAG_VOCABULARY))
_CAMEL_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_HASHTAG_RE = re.compile(r"#([^\W_][\w]*)", re.UNICODE)
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\ufffd]")
_SPACES_RE = re.compile(r"[^\S\n]+")


def post_text(title: object, body: object) -> str:
    """A post's text: title and body joined by a blank line, trimmed; nulls skipped, ``""`` if nothing.

    Mirrors ``nullif(trim(concat_ws(E'\\n\\n', title, body)), '')`` in ``int_posts_unioned.sql``
    (``concat_ws`` skips nulls, keeps empty strings; DuckDB's one-argument ``trim`` strips spaces
    only; ``""`` here stands for the SQL null).
    """
    parts = [p for p in (title, body) if isinstance(p, str)]
    return "\n\n".join(parts).strip(" ")


def clean_text(text: object) -> str:
    """Undo export damage: HTML entities, U+FFFD and zero-width characters; ``""`` for non-strings."""
    if not isinstance(text, str) or not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    return _ZERO_WIDTH_RE.sub(" ", text)


def _word_cost(word: str) -> float:
    # Known words cost a little per word (fewer, longer words win); unknown letters cost a lot.
    return 1.0 if word in HASHTAG_VOCABULARY else 4.0 * len(word)


@functools.lru_cache(maxsize=50_000)
def _segment_lower(tag: str) -> tuple[str, ...]:
    """Minimum-cost split of a lower-case string into vocabulary words (unknown runs allowed)."""
    n = len(tag)
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - max(_MAX_WORD, 1)), end):
            word = tag[start:end]
            cost = best[start] + (_word_cost(word) if word in HASHTAG_VOCABULARY else 4.0 * len(word))
            if cost < best[end]:
                best[end], back[end] = cost, start
        # An unknown run may be longer than any vocabulary word: extend the previous piece.
        if best[end] == math.inf:
            best[end], back[end] = best[end - 1] + 4.0, end - 1
    words: list[str] = []
    end = n
    while end > 0:
        words.append(tag[back[end] : end])
        end = back[end]
    words.reverse()
    # Merge neighbouring unknown pieces back into one token ("xyz" stays "xyz", not "x y z").
    merged: list[str] = []
    for word in words:
        if merged and word not in HASHTAG_VOCABULARY and merged[-1] not in HASHTAG_VOCABULARY:
            merged[-1] += word
        else:
            merged.append(word)
    return tuple(merged)


@functools.lru_cache(maxsize=50_000)
def segment_hashtag(tag: str) -> tuple[str, ...]:
    """Split a hashtag (with or without ``#``) into lower-case words.

    CamelCase and digits split first (``#DeleteFacebookNow`` → delete, facebook, now); each
    lower-case piece is then split over :data:`HASHTAG_VOCABULARY`. A piece that is not made of
    known words stays whole (``#cambridgeanalytica`` → cambridge, analytica; ``#qanon`` → qanon).
    """
    tag = tag.lstrip("#")
    pieces = _CAMEL_RE.findall(tag) or [tag]
    words: list[str] = []
    for piece in pieces:
        low = piece.lower()
        if low in HASHTAG_VOCABULARY or len(low) <= 3:
            words.append(low)
            continue
        split = _segment_lower(low)
        if all(w in HASHTAG_VOCABULARY for w in split):
            words.extend(split)
        else:
            words.append(low)
    return tuple(words)


def _expand_hashtag(match: re.Match[str]) -> str:
    words = segment_hashtag(match.group(1))
    return "#" + " ".join(words)


def expand_hashtags(text: str) -> str:
    """Replace each hashtag by its words, the first keeping the ``#``: ``#DeleteFacebook`` → ``#delete facebook``."""
    return _HASHTAG_RE.sub(_expand_hashtag, text) if "#" in text else text


def reading_text(text: object, normalised: str | None = None) -> str:
    """The form stance and sentiment models read: cleaned, normalised, hashtags segmented.

    ``normalised`` may pass ``normalise_text(clean_text(text))`` when the caller already has it.
    """
    norm = normalise_text(clean_text(text)) if normalised is None else normalised
    return expand_hashtags(norm)
