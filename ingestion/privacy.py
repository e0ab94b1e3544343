"""Privacy: keyed author pseudonyms and handle scrubbing.

Raw author names never reach a table. Collectors call :func:`pseudonymise_author` before a record is
built, and :func:`scrub_handles` on every text field, so the warehouse, the quarantine and the
published database only ever hold pseudonyms and ``u/[user]`` / ``@[user]`` placeholders.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from ingestion.markers import UNKNOWN_AUTHORS

KEY_ENV = "HAPUSWATCH_PSEUDONYM_KEY"
KEY_FILE = "pseudonym.key"
PSEUDONYM_PREFIX = "anon_"
# 20 hex chars = 80 bits: collision-free in practice at millions of authors, short enough to read.
PSEUDONYM_HEX_CHARS = 20


# u/name and /u/name (Reddit usernames: 3-20 of [A-Za-z0-9_-]); @name (X/TikTok/IG handles incl. dots).
# The look-behind keeps e-mail addresses and URLs like example.com/u/... intact only where they are not handles.
_REDDIT_HANDLE = re.compile(r"(?<![\w/])/?u/[A-Za-z0-9_-]{2,20}\b")
_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")


def load_or_create_key(data_dir: Path, environ: dict[str, str] | None = None) -> bytes:
    """Return the pseudonym key: ``HAPUSWATCH_PSEUDONYM_KEY`` if set, else ``<data_dir>/pseudonym.key``.

    The file is created on first use with 32 random bytes (hex) and mode 0600. Keeping the key stable
    keeps pseudonyms stable across runs and sources; losing it breaks author linkage, never privacy.
    """
    env = os.environ if environ is None else environ
    from_env = env.get(KEY_ENV, "").strip()
    if from_env:
        return from_env.encode("utf-8")
    path = Path(data_dir) / KEY_FILE
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    return key.encode("utf-8")


def canonical_author(name: object) -> str | None:
    """Normalise an author name so ``u/Budi``, ``/u/budi`` and ``@budi`` pseudonymise alike."""
    if name is None:
        return None
    text = str(name).strip()
    text = re.sub(r"^(/?u/|@)", "", text, flags=re.IGNORECASE).strip().lower()
    if text in UNKNOWN_AUTHORS:
        return None
    return text


def pseudonymise_author(name: object, key: bytes) -> str | None:
    """Keyed HMAC-SHA256 pseudonym of an author name; ``None`` for missing or deleted authors."""
    canonical = canonical_author(name)
    if canonical is None:
        return None
    digest = hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX_CHARS]


def scrub_handles(text: str | None) -> str | None:
    """Replace ``u/name``, ``/u/name`` and ``@name`` handles in text with placeholders."""
    if text is None:
        return None
    if "u/" not in text and "@" not in text:
        return text
    # Already scrubbed text (payloads built from scrubbed fields) holds only placeholders: no regex needed.
    if text.count("@") == text.count("@[user]") and text.count("u/") == text.count("u/[user]"):
        return text
    text = _REDDIT_HANDLE.sub("u/[user]", text)
    return _AT_HANDLE.sub("@[user]", text)


# Payload keys that name or identify an author (Reddit JSON, tweet-harvest, 4CAT exports).
AUTHOR_KEYS = frozenset(
    {
        "author", "username", "user_name", "screen_name", "user_screen_name", "author_name",
        "author_username", "author_fullname", "author_id", "user_id", "user_id_str", "author_flair_text",
        "name_of_author", "from_user", "owner", "uploader", "channel",
    }
)


# Export column names that hold a person (tweet-harvest, 4CAT, generic CSVs): pseudonymised, never dropped,
# so audits can still link rows.
PERSON_COLUMN = re.compile(r"(author|user|screen_name|handle|owner|uploader|mention|^name$|nickname)", re.I)
_JSON_PERSON_VALUE = re.compile(
    r'("(?:[^"]*(?:author|user|screen_name|handle|owner|nickname)[^"]*)"\s*:\s*)"[^"]*"', re.I
)


def is_person_column(name: object) -> bool:
    """True for an export column that names a person (``username``, ``author_name``, ``user_id``, ...)."""
    return bool(PERSON_COLUMN.search(str(name)))


def redact_json_text(text: str) -> str:
    """A broken JSON line cannot be pseudonymised field by field: blank person-like values instead."""
    return _JSON_PERSON_VALUE.sub(r'\1"[redacted]"', text)


def redact_fields(fields: list[str], header: list[str]) -> list[str]:
    """Fields of a malformed CSV row with the values under person columns replaced by ``[redacted]``."""
    person = {i for i, h in enumerate(header) if is_person_column(h)}
    return ["[redacted]" if i in person and f else f for i, f in enumerate(fields)]


def pseudonymise_payload(payload: object, key: bytes) -> object:
    """Copy of a JSON-like payload with author fields pseudonymised and handles scrubbed everywhere."""
    if isinstance(payload, dict):
        out = {}
        for k, v in payload.items():
            if isinstance(k, str) and k.lower() in AUTHOR_KEYS:
                out[k] = pseudonymise_author(v, key) if isinstance(v, str | int) else None
            else:
                out[k] = pseudonymise_payload(v, key)
        return out
    if isinstance(payload, list):
        return [pseudonymise_payload(v, key) for v in payload]
    if isinstance(payload, str):
        return scrub_handles(payload)
    return payload
