"""Text normalisation for modelling: slang to standard forms, leetspeak, repeated letters, masking.

The original text is kept for display elsewhere; the output of :func:`normalise_text` is only
meant for models and rules (lower-case, URLs as ``<url>``, handles as ``<user>``).

Lexicons: indo-normalizer's ``corpus/slangs.csv`` (≈1,300 pairs) is the base map. Checked by
hand it has duplicate keys with conflicting targets (``ngapain`` → ``mengapai``/``mengapa``),
a few wrong targets (``dah`` → ``deh``) and keys that collide with English (``make``, ``so``,
``see``, ``week``) or standard Indonesian (``kaya``). We therefore drop the keys listed in
``nlp/lexicons/slang_denylist.txt`` and let ``nlp/lexicons/slang_supplement.csv`` (domain and
chat slang such as ``deact``, ``apus``, ``udh``, ``gk``, ``ig``, ``wa``) override it.
Everything on the hot path is a regex pass plus dictionary lookups with a token cache.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicons")
SUPPLEMENT_PATH = LEXICON_DIR / "slang_supplement.csv"
DENYLIST_PATH = LEXICON_DIR / "slang_denylist.txt"

# Normalised text is for models and rules; beyond this many characters a post adds nothing to
# stance or topic detection but costs time linearly, so the tail is dropped.
MAX_NORM_CHARS = 20_000

_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|id|co\.id|net|org|ly|me|io)(?:/\S*)?", re.I)
# @handle, u/name (Reddit) and already scrubbed placeholders like [user] or <user>.
_HANDLE_RE = re.compile(r"(?<![\w.])@[\w.]{1,30}|(?<![\w/])/?u/[\w-]{2,30}|\[(?:user|handle)\]|<user>", re.I)
# Reddit tombstones carry no text of the author; left in, "[removed]" would read as a deletion verb.
_TOMBSTONE_RE = re.compile(r"\[(?:deleted|removed)\]", re.I)
# Word tokens: letters/digits plus in-word leet symbols; placeholders are protected separately.
_TOKEN_RE = re.compile(r"[^\W_][\w@$]*", re.UNICODE)
_REPEAT3_RE = re.compile(r"(\w)\1{2,}")
_REPEAT2_RE = re.compile(r"(\w)\1+")
_REDUP_RE = re.compile(r"^([a-z]{2,})2([a-z]{0,3})$")
_LEET_MAP = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t", "$": "s", "9": "g"})
_LEET_CANDIDATE_RE = re.compile(r"^(?=.*[a-z])(?=.*[4@3105 7$9])[a-z4@3105 7$9]+$".replace(" ", ""))
# Tokens with digits that are real words or units, not leetspeak.
_LEET_EXCEPTIONS = frozenset(
    {
        "mp3",
        "mp4",
        "3g",
        "4g",
        "5g",
        "b2b",
        "g20",
        "h1",
        "covid19",
        "web3",
        "gpt4",
        "gpt5",
        "x1",
        "a1",
        "s1",
        "s2",
        "s3",
        "d3",
        "k3",
        "p3k",
        "o2",
    }
)
_SPACE_RE = re.compile(r"[^\S\n]+")
# Line breaks survive (collapsed): a title/body or line break is a clause boundary for the rules.
_NEWLINES_RE = re.compile(r"\s*\n\s*")
# '2025', '10k', '24jam', '5g': a number with a unit/suffix is not leetspeak ('4kun' is).
_NUMERIC_PREFIX_RE = re.compile(r"^(?:\d{2,}|\d[a-z]{1,2}$)")


def _read_csv_map(path: Path) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        rows = (line for line in fh if line.strip() and not line.startswith("#"))
        reader = csv.reader(rows)
        header = next(reader, None)
        if header is None:
            return pairs
        for row in reader:
            if len(row) >= 2 and row[0].strip():
                pairs.append((row[0].strip().lower(), row[1].strip().lower()))
    return pairs


def _upstream_corpus(name: str) -> Path | None:
    try:
        path = Path(str(resources.files("indo_normalizer") / "corpus" / name))
    except (ModuleNotFoundError, TypeError):
        return None
    return path if path.exists() else None


def lexicon_files() -> list[Path]:
    """Return every lexicon file that influences normalisation (hashed into the enrich version)."""
    files = [SUPPLEMENT_PATH, DENYLIST_PATH]
    for name in ("slangs.csv", "common_words.txt"):
        path = _upstream_corpus(name)
        if path is not None:
            files.append(path)
    return files


@functools.lru_cache(maxsize=1)
def lexicon_version() -> str:
    """Short sha256 over the contents of all lexicon files, so any edit changes the version."""
    digest = hashlib.sha256()
    for path in lexicon_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], dict[str, int]]:
    """Build (slang map, word rank) once per process."""
    denied = set()
    with open(DENYLIST_PATH, encoding="utf-8") as fh:
        denied = {ln.strip().lower() for ln in fh if ln.strip() and not ln.startswith("#")}
    slang: dict[str, str] = {}
    upstream = _upstream_corpus("slangs.csv")
    if upstream is not None:
        for key, value in _read_csv_map(upstream):
            # First occurrence wins for duplicated upstream keys; multi-token keys cannot match a token.
            if key in denied or key in slang or not _TOKEN_RE.fullmatch(key):
                continue
            slang[key] = value
    for key, value in _read_csv_map(SUPPLEMENT_PATH):
        slang[key] = value
    rank: dict[str, int] = {}
    common = _upstream_corpus("common_words.txt")
    if common is not None:
        with open(common, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                word = line.strip().lower()
                if word and word not in rank:
                    rank[word] = i
    for value in slang.values():
        for word in value.split():
            rank.setdefault(word, 0)
    return slang, rank


def _known(word: str) -> bool:
    slang, rank = _lexicon()
    return word in slang or word in rank


def _collapse_repeats(token: str) -> str:
    """'bangeeet' -> 'banget', 'maaaaf' -> 'maaf': pick the known shortening, else one letter."""
    two = _REPEAT3_RE.sub(r"\1\1", token)
    one = _REPEAT2_RE.sub(r"\1", token)
    slang, rank = _lexicon()
    # Prefer whichever form the lexicons know; the frequency rank breaks ties.
    cands = [c for c in (two, one) if c in slang or c in rank]
    if not cands:
        return one
    return min(cands, key=lambda c: (0 if c in slang else 1, rank.get(c, 10**9)))


@functools.lru_cache(maxsize=200_000)
def normalise_token(token: str) -> str:
    """Normalise one lower-cased token: leetspeak, repeated letters, reduplication, slang map."""
    slang, _ = _lexicon()
    if token in slang:
        return slang[token]
    tok = token
    if any(ch.isdigit() or ch in "@$" for ch in tok):
        redup = _REDUP_RE.match(tok)
        if redup:
            # Indonesian writes reduplication as a trailing 2: 'akun2' = 'akun-akun'.
            # 'ikut2an' = 'ikut-ikutan' (suffix after the repeat).
            base = normalise_token(redup.group(1))
            return f"{base}-{base}{redup.group(2)}"
        # Only tokens with at least two letters are leet words; '2025', '10k', '24jam' keep digits.
        if (
            tok not in _LEET_EXCEPTIONS
            and _LEET_CANDIDATE_RE.match(tok)
            and sum(ch.isalpha() for ch in tok) >= 2
            and not _NUMERIC_PREFIX_RE.match(tok)
        ):
            tok = tok.translate(_LEET_MAP)
        tok = tok.replace("@", "a").replace("$", "s")
    if _REPEAT3_RE.search(tok):
        tok = _collapse_repeats(tok)
    return slang.get(tok, tok)


def _replace_token(match: re.Match[str]) -> str:
    return normalise_token(match.group(0))


def normalise_text(text: object) -> str:
    """Return the modelling form of one post: lower-cased, slang mapped, URLs/handles masked.

    Non-strings (None, NaN) give ``""``. Emoji and non-Latin scripts pass through unchanged.
    """
    if not isinstance(text, str) or not text:
        return ""
    if len(text) > MAX_NORM_CHARS:
        text = text[:MAX_NORM_CHARS]
    text = unicodedata.normalize("NFKC", text)
    text = _TOMBSTONE_RE.sub(" ", text)
    text = _URL_RE.sub(" \x01 ", text)
    text = _HANDLE_RE.sub(" \x02 ", text)
    text = text.lower()
    text = _TOKEN_RE.sub(_replace_token, text)
    text = text.replace("\x01", "<url>").replace("\x02", "<user>")
    return _NEWLINES_RE.sub("\n", _SPACE_RE.sub(" ", text)).strip()


def normalise_texts(texts: Iterable[object]) -> list[str]:
    """Normalise many posts (the token cache makes repeated vocabulary cheap)."""
    return [normalise_text(t) for t in texts]
