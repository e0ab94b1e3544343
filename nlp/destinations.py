"""Where people say they move to when they leave Facebook: Telegram, X, Threads, Bluesky, ... or no social media.

Fast, rule-based and bilingual (Indonesian incl. informal spelling, English). Only *moving-to*
statements count ("pindah ke Telegram", "keluarga udah aku ajak ke WA", "now I'm mostly on Bluesky",
"hidup tanpa sosmed"), not every brand mention ("Telegram juga punya masalah privasi"). Negated or
questioned moves ("gak mau pindah ke X", "I won't switch to Threads", "pindah ke Telegram?") are not
counted. The rules look at one clause at a time, and only at the few words right after a move cue.

``extract_destinations(texts) -> list[list[str]]`` returns canonical destination ids (see
``DESTINATIONS``) per text, deduplicated, in order of first mention.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

# Bump when the rules change meaning; the file hash below also changes on any edit, so
# enrichment re-runs even when someone forgets to bump it.
RULES_VERSION = "1"
DESTINATIONS_VERSION = f"dest{RULES_VERSION}-{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]}"

NO_SOCIAL_MEDIA = "no_social_media"

# canonical id -> aliases as lower-case tokens (after the normalisation in ``_normalise``)
_ALIASES: dict[str, tuple[str, ...]] = {
    "telegram": ("telegram", "tele", "tg", "telegramm"),
    "x": ("x", "twitter", "twt", "tweeter"),
    "threads": ("threads", "thread"),
    "bluesky": ("bluesky", "bsky"),
    "instagram": ("instagram", "ig", "insta", "instagr"),
    "whatsapp": ("whatsapp", "wa", "wasap", "whatsap"),
    "mastodon": ("mastodon", "fediverse"),
    "tiktok": ("tiktok",),
    "signal": ("signal",),
    "youtube": ("youtube", "yt"),
    "reddit": ("reddit",),
    "discord": ("discord",),
    "linkedin": ("linkedin",),
}
DESTINATIONS: tuple[str, ...] = (*_ALIASES, NO_SOCIAL_MEDIA)
DESTINATION_LABELS: dict[str, str] = {
    "telegram": "Telegram",
    "x": "X (Twitter)",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "instagram": "Instagram",
    "whatsapp": "WhatsApp",
    "mastodon": "Mastodon",
    "tiktok": "TikTok",
    "signal": "Signal",
    "youtube": "YouTube",
    "reddit": "Reddit",
    "discord": "Discord",
    "linkedin": "LinkedIn",
    NO_SOCIAL_MEDIA: "No social media",
}
_TOKEN_TO_DEST = {alias: dest for dest, aliases in _ALIASES.items() for alias in aliases}

# Words that may sit between a cue and the platform ("pindah ke grup WA aja", "moved over to the X app").
_WINDOW = 5
# The platform after these belongs to another role ("pindah ke Telegram dari WA", "X rather than Threads").
_STOP = {
    "dari",
    "daripada",
    "drpd",
    "karena",
    "karna",
    "krn",
    "soalnya",
    "tapi",
    "tp",
    "from",
    "than",
    "because",
    "but",
    "instead",
    "selain",
    "kecuali",
    "bukan",
    "not",
}

# Move cues. A verb of moving may take up to three words before its "ke"/"to" ("pindah dari FB ke",
# "ajak keluarga ke", "moved my family over to").
_SOCMED = r"(?:sosmed|medsos|media\s+sosial|social\s+media|socmed)"
_CUES = re.compile(
    r"\b(?:"
    # Indonesian verbs of moving
    r"(?:pindah|pindahan|beralih|migrasi|hijrah|kabur|lari|ngungsi|mengungsi|ajak|ngajak|ngajakin|ajakin|"
    r"bawa|boyong|ganti)\b(?:\s+\S+){0,3}?\s+(?:ke|kek)\b"
    r"|ganti(?:\s+aja|\s+saja)?\s+(?:pake|pakai)\b"
    # "sekarang (lebih sering / cuma / aktif) di / pake ..."
    r"|(?:sekarang|skrg|skg|skrang|kini)(?:\s+(?:aku|gue|gw|gua|saya|aku|kita|kami|lebih|sering|cuma|cuman|"
    r"hanya|aktif|udah|sudah|dah|mainnya|mostly))*\s+(?:di|pake|pakai|main|maen)\b"
    r"|(?:mending|mendingan|lebih\s+baik)(?:\s+(?:pake|pakai|main|ke|di))?\b"
    r"|(?:ketemu|temui|cari|follow|mampir)(?:\s+(?:aku|gue|gw|saya|kami|kita))?\s+di\b"
    # English
    r"|(?:move|moved|moving|switch|switched|switching|migrate|migrated|migrating|jump(?:ed|ing)?\s+ship|"
    r"flee|fled|fleeing|head(?:ed|ing)?|bring(?:ing)?|brought)\b(?:\s+\S+){0,4}?\s+to\b"
    r"|(?:i'm|im|i\s+am|we're|we\s+are)(?:\s+(?:now|mostly|only|just|all))*\s+on\b"
    r"|(?:now|mostly)\s+(?:on|using)\b"
    r"|(?:find|follow|see|join)\s+(?:me|us|you)\s+on\b"
    r")"
)
# Self-contained "no social media at all" statements (no cue needed).
_NO_SOCMED = re.compile(
    r"\b(?:"
    r"(?:ga|gak|gk|nggak|ngga|enggak|engga|tidak|tak|no|ndak)\s+(?:pake|pakai|main|maen|punya)\s+"
    + _SOCMED
    + r"|(?:hidup|life)\s+(?:tanpa|without)\s+"
    + _SOCMED
    + r"|detox\s+"
    + _SOCMED
    + r"|"
    + _SOCMED
    + r"\s+detox"
    r"|(?:berhenti|stop|lepas|quit|quitting|quitted|leave|leaving|left|off)\s+(?:main\s+|dari\s+|from\s+)?(?:semua\s+|all\s+)?"
    + _SOCMED
    + r"|no\s+"
    + _SOCMED
    + r"|"
    + r"tanpa\s+"
    + _SOCMED
    + r")"
)
# A negator shortly before a cue cancels it ("gak mau pindah ke X", "I won't switch to Threads").
_NEGATORS = {
    "ga",
    "gak",
    "gk",
    "nggak",
    "ngga",
    "enggak",
    "engga",
    "tidak",
    "tak",
    "ndak",
    "ogah",
    "males",
    "malas",
    "jangan",
    "belum",
    "blm",
    "bukan",
    "emoh",
    "not",
    "never",
    "won't",
    "wont",
    "don't",
    "dont",
    "didn't",
    "didnt",
    "can't",
    "cant",
    "cannot",
    "isn't",
    "aren't",
    "wouldn't",
    "shouldn't",
    "nobody",
}
# ... and for no-social-media statements: "gak bisa hidup tanpa sosmed", "impossible to quit social media".
_NO_SOCMED_BLOCKERS = _NEGATORS | {"mustahil", "impossible", "susah", "sulit", "hard", "bisa"}
_NEGATION_LOOKBACK = 4
# Words allowed between a negator and the cue it cancels ("gak *akan pernah* pindah", "not *going to* move").
_FILLERS = {
    "mau",
    "akan",
    "bakal",
    "bakalan",
    "pernah",
    "jadi",
    "bisa",
    "perlu",
    "usah",
    "ingin",
    "pengen",
    "pingin",
    "kepikiran",
    "rencana",
    "niat",
    "aku",
    "gue",
    "gw",
    "gua",
    "saya",
    "kita",
    "kami",
    "lagi",
    "sih",
    "deh",
    "kok",
    "juga",
    "dulu",
    "mungkin",
    "going",
    "to",
    "gonna",
    "ever",
    "be",
    "i",
    "we",
    "will",
    "would",
    "really",
    "actually",
    "planning",
    "want",
    "wanna",
    "i'm",
    "im",
    "am",
    "have",
    "has",
    "yet",
    "mo",
    "pgn",
    "bkl",
}
# Commas, colons and emoji end the phrase a negator can reach back from.
_BREAK = re.compile(r"[,:\u2600-\u27bf\U0001f000-\U0001faff]")

_CLAUSE = re.compile(r"[^.!?;\n]+[.!?;\n]*")
_WORD = re.compile(r"[a-z0-9']+")


def _normalise(text: str) -> str:
    """Lower-case and join the multi-token platform spellings into one token before clause splitting."""
    t = text.lower().replace("\u2019", "'")
    t = re.sub(r"\bx\.com\b|\btwitter\s*/\s*x\b|\bx\s*/\s*twitter\b|\bx\s*\(twitter\)", " twitter ", t)
    t = re.sub(r"\bblue\s+sky\b", "bluesky", t)
    t = re.sub(r"\btik\s+tok\b", "tiktok", t)
    t = re.sub(r"\bwhats\s+app\b", "whatsapp", t)
    t = re.sub(r"\bbsky\.app\b|\bbsky\.social\b", "bsky", t)
    t = re.sub(r"\bt\.me\b", "telegram", t)
    return t


def _negated(clause: str, start: int, blockers: set[str]) -> bool:
    """True when a blocker sits just before ``start``, separated from it only by modal/filler words.

    "gak mau pindah ke X" and "I'm not going to switch to X" are negated; "gak produktif, now I'm on
    X" is not: the negator belongs to another phrase.
    """
    before = _WORD.findall(_BREAK.split(clause[:start])[-1])[-_NEGATION_LOOKBACK:]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in blockers:
            return True
        if before[i] not in _FILLERS:
            return False
    return False


def _destinations_in_clause(clause: str, found: list[str]) -> None:
    for match in _CUES.finditer(clause):
        if _negated(clause, match.start(), _NEGATORS):
            continue
        for word in _WORD.findall(clause[match.end() :])[:_WINDOW]:
            if word in _STOP:
                break
            dest = _TOKEN_TO_DEST.get(word)
            if dest is not None and dest not in found:
                found.append(dest)
    for match in _NO_SOCMED.finditer(clause):
        if not _negated(clause, match.start(), _NO_SOCMED_BLOCKERS) and NO_SOCIAL_MEDIA not in found:
            found.append(NO_SOCIAL_MEDIA)


def destinations_of(text: str | None) -> list[str]:
    """Destinations one text says its author moves (or moved, or urges moving) to; [] when none."""
    if not text:
        return []
    found: list[str] = []
    for clause in _CLAUSE.findall(_normalise(text)):
        # a question is not a statement of moving ("pindah ke Telegram?", "should I switch to Bluesky?")
        if "?" in clause:
            continue
        _destinations_in_clause(clause, found)
    return found


def extract_destinations(texts: Iterable[str | None]) -> list[list[str]]:
    """Destinations per text (one list per input, same order), e.g. ``[["telegram"], [], ["x", "threads"]]``."""
    return [destinations_of(text) for text in texts]
