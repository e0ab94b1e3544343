"""Per-post language: ``id``, ``en`` or ``other``.

Choice of detector (measured on 45 short, often code-mixed posts; see ``tests/test_language.py``
for the kind of cases): lingua-language-detector restricted to a candidate set scored 0.91,
lingua with all languages 0.64, py3langid restricted 0.89 and unrestricted 0.80. Both
detectors fail on slangy code-mixed posts ("udh apus fb, privacy matters bro" → English),
so we (1) detect on the *normalised* text, where slang is already standard Indonesian, and
(2) let a count of unambiguous Indonesian vs English function words override the detector on
short or mixed posts. A code-mixed post with real Indonesian grammar counts as ``id``: the
movement is Indonesian and those posts belong to its discourse.

Close relatives: Malay (``ms``), Javanese and Sundanese map to ``id``. Lingua has no
Javanese/Sundanese model; such posts land on Indonesian/Malay, which we want. Tagalog and
everything else map to ``other``. Posts without at least two letters (emoji only, a URL,
numbers) are ``other``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from lingua import Language, LanguageDetectorBuilder

from nlp.normalise import normalise_text

LANGUAGE_LABELS = ("id", "en", "other")

# Candidate set: the two target languages, their close relatives, and the languages most
# likely to show up otherwise in Indonesian social feeds (so they are not forced into id/en).
_CANDIDATES = (
    Language.INDONESIAN,
    Language.MALAY,
    Language.ENGLISH,
    Language.TAGALOG,
    Language.ARABIC,
    Language.CHINESE,
    Language.JAPANESE,
    Language.KOREAN,
    Language.SPANISH,
    Language.FRENCH,
    Language.GERMAN,
    Language.DUTCH,
    Language.PORTUGUESE,
    Language.TURKISH,
    Language.VIETNAMESE,
    Language.THAI,
)
_TO_LABEL = {Language.INDONESIAN: "id", Language.MALAY: "id", Language.ENGLISH: "en"}

# Words that, after normalisation, are (nearly) only Indonesian/Malay or only English.
# Ambiguous short words (di, to, a, me, meta, fb; ya/lo/dia also occur in Spanish) are left out.
_ID_MARKERS = frozenset(
    [
        "sudah",
        "belum",
        "enggak",
        "tidak",
        "jangan",
        "akan",
        "mau",
        "ingin",
        "bakal",
        "sedang",
        "lagi",
        "masih",
        "baru",
        "akhirnya",
        "saja",
        "juga",
        "yang",
        "dan",
        "atau",
        "tapi",
        "karena",
        "kalau",
        "jadi",
        "buat",
        "untuk",
        "dari",
        "dengan",
        "sama",
        "ke",
        "pada",
        "ini",
        "itu",
        "sini",
        "situ",
        "aku",
        "gue",
        "saya",
        "kamu",
        "kalian",
        "kita",
        "kami",
        "mereka",
        "nya",
        "sih",
        "dong",
        "deh",
        "kok",
        "lah",
        "kan",
        "nih",
        "tuh",
        "banget",
        "hapus",
        "menghapus",
        "dihapus",
        "terhapus",
        "nonaktifkan",
        "dinonaktifkan",
        "akun",
        "bikin",
        "cuma",
        "terus",
        "tetap",
        "pakai",
        "segera",
        "nanti",
        "besok",
        "habis",
        "kapan",
        "bagaimana",
        "gimana",
        "kenapa",
        "mengapa",
        "apa",
        "siapa",
        "ayo",
        "mari",
        "tolong",
        "bisa",
        "harus",
        "perlu",
        "udah",
        "orang",
        "semua",
        "sekarang",
        "hari",
        "tahun",
        "bulan",
        "minggu",
        "tinggal",
        "selamat",
        "lebih",
        "mending",
    ]
)
_EN_MARKERS = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "my",
        "your",
        "our",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "what",
        "why",
        "how",
        "when",
        "who",
        "will",
        "would",
        "should",
        "could",
        "can",
        "can't",
        "won't",
        "don't",
        "didn't",
        "isn't",
        "not",
        "never",
        "no",
        "yes",
        "just",
        "already",
        "still",
        "yet",
        "gonna",
        "wanna",
        "going",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "of",
        "and",
        "or",
        "but",
        "because",
        "if",
        "so",
        "with",
        "for",
        "from",
        "about",
        "to",
        "into",
        "deleting",
        "deleted",
        "delete",
        "deactivated",
        "account",
        "accounts",
        "anymore",
        "finally",
        "today",
        "tomorrow",
        "everyone",
        "guys",
        "please",
        "stop",
        "staying",
        "leaving",
    ]
)
_WORD_RE = re.compile(r"[a-z']+")
_LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)
# Detection looks at the head of long posts only: language does not change mid-post often enough
# to justify scanning 100 kB.
_DETECT_CHARS = 600


# Lingua's high-accuracy mode matters for short texts; from about this length its low-accuracy
# mode (trigrams only) agrees with it and is several times faster.
_LOW_ACCURACY_FROM = 80


@functools.lru_cache(maxsize=2)
def _detector(low_accuracy: bool = False):
    builder = LanguageDetectorBuilder.from_languages(*_CANDIDATES).with_preloaded_language_models()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


# Lingua's ``*_in_parallel_of`` calls use a Rust (rayon) thread pool, which does not survive ``fork``:
# enrichment's worker processes switch to one-text-at-a-time calls (same labels) with use_threads(False).
_THREADS = [True]


def use_threads(enabled: bool) -> None:
    """Let lingua detect in its own thread pool (default) or one text at a time (forked workers)."""
    _THREADS[0] = enabled


def _decisive(norm: str) -> str | None:
    """Label posts whose function words leave no doubt, without running the detector.

    Most Indonesian posts carry several unambiguous grammar words (sudah, enggak, yang, gue);
    skipping the n-gram models for them is what keeps enrichment above 5,000 posts/s.
    """
    id_votes, en_votes = _marker_vote(norm)
    if id_votes >= 3 and en_votes <= id_votes // 3:
        return "id"
    if en_votes >= 4 and id_votes == 0 and en_votes >= 0.3 * len(_WORD_RE.findall(norm)):
        return "en"
    return None


def warm_up() -> None:
    """Load both lingua detectors now (about a second each) instead of inside the first batch."""
    _detector(False).detect_language_of("selamat pagi")
    _detector(True).detect_language_of("selamat pagi")


def language_detector_version() -> str:
    """Version string of the detector configuration (library version + candidate set + rules)."""
    from importlib.metadata import version

    codes = ",".join(sorted(lang.iso_code_639_1.name.lower() for lang in _CANDIDATES))
    return f"lingua-{version('lingua-language-detector')}[{codes}]+low>={_LOW_ACCURACY_FROM}+markers-v3"


def _marker_vote(norm: str) -> tuple[int, int]:
    words = _WORD_RE.findall(norm)
    return sum(w in _ID_MARKERS for w in words), sum(w in _EN_MARKERS for w in words)


def _combine(detected: Language | None, norm: str) -> str:
    id_votes, en_votes = _marker_vote(norm)
    label = "other" if detected is None else _TO_LABEL.get(detected, "other")
    if label == "other":
        # Short Indonesian slang often lands on Tagalog/Malay-ish noise; trust clear markers.
        non_latin = detected in (Language.ARABIC, Language.CHINESE, Language.JAPANESE, Language.KOREAN, Language.THAI)
        if id_votes >= 2 and id_votes >= en_votes:
            return "id"
        if id_votes == 1 and en_votes == 0 and not non_latin and detected is not None:
            # A Latin-script guess like Tagalog with an Indonesian grammar word ("jual akun fb tua").
            return "id"
        if (
            en_votes >= 2
            and en_votes > id_votes
            and detected is not None
            and detected not in (Language.ARABIC, Language.CHINESE, Language.JAPANESE, Language.KOREAN, Language.THAI)
        ):
            return "en"
        return label
    if label == "en" and id_votes >= 1 and id_votes * 2 >= en_votes:
        # Code-mixed: Indonesian grammar words with English content words.
        return "id"
    if label == "id" and id_votes == 0 and en_votes >= 2:
        return "en"
    return label


def detect_languages(texts: Sequence[object], normalised: Sequence[str] | None = None) -> list[str]:
    """Detect ``id``/``en``/``other`` for each text.

    ``normalised`` may pass the output of :func:`nlp.normalise.normalise_text` for the same texts
    to avoid normalising twice. Detection runs on normalised text in one parallel lingua call.
    """
    if normalised is None:
        normalised = [normalise_text(t) for t in texts]
    cleaned = [n.replace("<url>", " ").replace("<user>", " ")[:_DETECT_CHARS] for n in normalised]
    out: list[str | None] = [None] * len(cleaned)
    short_idx: list[int] = []
    long_idx: list[int] = []
    for i, text in enumerate(cleaned):
        if len(_LETTER_RE.findall(text, 0, 200)) < 2:
            out[i] = "other"
        elif (label := _decisive(text)) is not None:
            out[i] = label
        else:
            (long_idx if len(text) >= _LOW_ACCURACY_FROM else short_idx).append(i)
    for idx, low in ((short_idx, False), (long_idx, True)):
        if idx:
            detector = _detector(low)
            if _THREADS[0]:
                detected = detector.detect_languages_in_parallel_of([cleaned[i] for i in idx])
            else:
                detected = [detector.detect_language_of(cleaned[i]) for i in idx]
            for i, lang in zip(idx, detected, strict=True):
                out[i] = _combine(lang, cleaned[i])
    return [o or "other" for o in out]


def detect_language(text: object) -> str:
    """Detect the language label of a single text (see :func:`detect_languages`)."""
    return detect_languages([text])[0]
