"""Deletion stance of a post's author towards their Meta account(s).

Labels (see ``STANCE_LABELS``):

- ``deleted``: the author says they deleted/deactivated an account, or helped a relative do it;
- ``intends``: they say they will (tomorrow, after a backup, at the end of the year, "otw");
- ``considering``: they weigh it, ask whether it is worth it or how it would affect them;
- ``urges``: they call on others to delete or boycott;
- ``staying``: they say they won't, cancelled, came back, or argue deleting is pointless;
- ``none``: news, how-to, third parties, other platforms, off-topic.

Scope decision: the movement is about Meta, so deleting any Meta account (Facebook, Instagram,
WhatsApp, Messenger, Threads) counts. Deleting a TikTok/X account, a photo, a post, a chat, a
cache or an app (uninstalling while keeping the account) does not.

Method: text is normalised first (``nlp.normalise``: slang → standard forms, so "udh apus fb"
reads "sudah hapus facebook"), then tokenised with punctuation kept as scope boundaries. Deletion
verbs are located and each verb is read in its clause: perfective markers before it
(sudah/telah/baru/akhirnya/tadi/kemarin, English past tense), future/modal markers
(akan/bakal/mau/segera/besok/nanti/habis backup, will/gonna/tomorrow), negators in a short
scope (belum/enggak jadi/tidak akan, never/won't/not), conditional "kalau/if", third-person
subjects (warganet, teman, artis, people) and the verb's object (Meta account vs. other thing).
Post-level cues (return to the platform, "percuma", questions of worth, calls to action) are
regular expressions over the normalised text. Rules are applied in a fixed priority order:
explicit weighing > staying > deleted > intends > urges > weak question > bare imperative >
weak first-person act > none. The score is the confidence of the rule that fired.

Back-off model: unless a sure rule fired (score > ``_BACKOFF_MAX_RULE_SCORE``: no topic at all,
an explicit perfective deletion), a small logistic regression over TF-IDF word 1-3-grams of the
normalised text may overrule the rules when it is confident enough (``_BACKOFF_MIN_PROBA``). The
v1 rules scored 0.69 macro-F1 on posts written by someone else (the independent tuning set); in
5-fold cross-validation on that set, v1 rules + this back-off scored 0.85. It is fitted
deterministically at first use from the labelled sets in ``nlp/eval_data`` (dev, test and the
tuning half of the independent set, never the independent hold-out) and is skipped when they are
absent. Scores on dev/test/tune are therefore in-sample once the model is on.
"""

from __future__ import annotations

import csv
import hashlib
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from nlp.normalise import normalise_text

STANCE_LABELS = ("deleted", "intends", "considering", "urges", "staying", "none")
_EVAL_DIR = Path(__file__).resolve().parent / "eval_data"
# Training data of the back-off model. The independent hold-out is deliberately not listed.
_BACKOFF_TRAIN_FILES = ("stance_dev.csv", "stance_test.csv", "stance_independent_tune.csv")
_BACKOFF_MAX_RULE_SCORE = 0.85
_BACKOFF_MIN_PROBA = 0.4


def _training_digest() -> str:
    digest = hashlib.sha256()
    for name in _BACKOFF_TRAIN_FILES:
        path = _EVAL_DIR / name
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:8]


# The back-off model's training data is part of the version, so enrichment caches follow it.
STANCE_RULES_VERSION = f"stance-rules-v2+backoff-{_training_digest()}"

# Long posts: the stance is expressed near the start far more often than on page 30 of a rant,
# and scanning is linear, so rules read only the head.
_RULE_CHARS = 3000

_TOKEN_RE = re.compile(r"#\w+|<url>|<user>|[^\W_][\w'-]*|[.!?;:\n]+|,|[✅✔☑]", re.UNICODE)
_BOUNDARY = re.compile(r"^(?:[.!?;:\n]+|,)$")

_DELETE_VERBS = frozenset(
    [
        "hapus",
        "menghapus",
        "dihapus",
        "terhapus",
        "kuhapus",
        "hapuskan",
        "hapuslah",
        "dihapuskan",
        "menghapuskan",
        "kuhapuskan",
        "nonaktifkan",
        "dinonaktifkan",
        "menonaktifkan",
        "di-nonaktifkan",
        "nonaktif",
        "musnahkan",
        "memusnahkan",
        "dimusnahkan",
        "delete",
        "deleted",
        "deleting",
        "deletes",
        "deactivate",
        "deactivated",
        "deactivating",
        "deactivates",
        "nuke",
        "nuked",
        "nuking",
        "remove",
        "removed",
        "removing",
        "quit",
        "quitting",
        "tinggalkan",
        "meninggalkan",
        "tinggalin",
        "ninggalin",
        "ditinggal",
        "boikot",
        "memboikot",
        "boycott",
        "boycotting",
        "cabut",
    ]
)
_PAST_EN_VERBS = frozenset({"deleted", "deactivated", "nuked", "removed"})
_PASSIVE_VERBS = frozenset({"dihapus", "terhapus", "dinonaktifkan", "di-nonaktifkan", "dimusnahkan", "dihapuskan"})
_META_OBJECTS = frozenset(
    [
        "facebook",
        "instagram",
        "whatsapp",
        "messenger",
        "meta",
        "threads",
        "akun",
        "account",
        "accounts",
        "it",
        "fb-nya",
        "facebook-nya",
        "instagram-nya",
        "whatsapp-nya",
        "facebook-ku",
        "instagram-ku",
        "nya",
        "akunnya",
        "akunmu",
        "akunku",
        "insta",
        "oculus",
        "everything",
        "semua",
    ]
)
_OTHER_OBJECTS = frozenset(
    [
        "tiktok",
        "twitter",
        "x",
        "shopee",
        "tokopedia",
        "game",
        "games",
        "foto",
        "fotonya",
        "photo",
        "photos",
        "picture",
        "pictures",
        "postingan",
        "posting",
        "post",
        "posts",
        "komen",
        "komentar",
        "comment",
        "comments",
        "chat",
        "chats",
        "pesan",
        "cache",
        "aplikasi",
        "aplikasinya",
        "app",
        "apps",
        "galeri",
        "story",
        "stories",
        "status",
        "video",
        "kontak",
        "mantan",
        "spotify",
        "discord",
        "snapchat",
        "telegram",
        "youtube",
        "line",
        "gmail",
        "google",
        "email",
        "riwayat",
        "history",
        "tweet",
        "tweets",
    ]
)
_FIRST_PERSON = frozenset(
    ["aku", "gue", "saya", "ku", "kami", "i", "i'm", "i've", "i'll", "my", "me", "mine", "we", "we're", "our", "gw"]
)
_SECOND_PERSON = frozenset(["kalian", "kau", "anda", "you", "your", "you're", "y'all", "yourself"])
_THIRD_PERSON = frozenset(
    [
        "teman",
        "teman-teman",
        "mantan",
        "artis",
        "adik",
        "dia",
        "mereka",
        "warganet",
        "netizen",
        "netizens",
        "ribuan",
        "orang",
        "orang-orang",
        "pengguna",
        "publik",
        "warga",
        "masyarakat",
        "pemerintah",
        "kominfo",
        "menteri",
        "menkominfo",
        "pakar",
        "people",
        "users",
        "celebrities",
        "he",
        "she",
        "they",
        "anyone",
        "someone",
        "somebody",
        "celebrity",
        "sepupu",
        "pacar",
        "bos",
        "katanya",
        "yang",
        "ada",
    ]
)
# Helping a relative delete their account counts as ``deleted`` (the issue asks for it).
_RELATIVES = frozenset(
    [
        "ibu",
        "bapak",
        "ayah",
        "mama",
        "papa",
        "nyokap",
        "bokap",
        "ortu",
        "orangtua",
        "suami",
        "istri",
        "nenek",
        "kakek",
        "emak",
        "mamah",
        "tua",
        "mom",
        "mum",
        "dad",
        "mother",
        "father",
        "parents",
        "grandma",
        "grandpa",
        "grandmother",
        "grandfather",
        "wife",
        "husband",
    ]
)
_PERFECTIVE = frozenset(
    [
        "sudah",
        "telah",
        "baru",
        "barusan",
        "akhirnya",
        "tadi",
        "kemarin",
        "resmi",
        "finally",
        "just",
        "already",
        "have",
        "had",
        "successfully",
        "berhasil",
    ]
)
_FUTURE = frozenset(
    [
        "akan",
        "bakal",
        "mau",
        "ingin",
        "segera",
        "besok",
        "nanti",
        "rencana",
        "berencana",
        "berniat",
        "rencananya",
        "niat",
        "niatnya",
        "siap-siap",
        "will",
        "gonna",
        "going",
        "planning",
        "plan",
        "about",
        "tomorrow",
        "soon",
        "tonight",
        "'ll",
    ]
)
_NEGATORS = frozenset(
    ["enggak", "tidak", "belum", "never", "not", "won't", "don't", "didn't", "no", "jangan", "gak", "batal"]
)
# Words allowed between a negator and the verb it scopes over ("enggak akan pernah hapus").
_NEG_FILLERS = frozenset(
    [
        "akan",
        "bakal",
        "mau",
        "jadi",
        "usah",
        "perlu",
        "pernah",
        "ikut",
        "ikut-ikutan",
        "ada",
        "niat",
        "rencana",
        "deh",
        "sih",
        "lah",
        "pengen",
        "ingin",
        "i'm",
        "am",
        "gonna",
        "going",
        "to",
        "be",
        "ever",
        "planning",
        "plan",
        "will",
        "is",
        "even",
    ]
)
# Tokens allowed between a perfective marker and its verb ("sudah gue hapus", "baru saja hapus").
_PERF_FILLERS = frozenset(
    [
        "gue",
        "saya",
        "aku",
        "ku",
        "kami",
        "i",
        "saja",
        "juga",
        "lama",
        "permanen",
        "di",
        "sih",
        "kok",
        "akhirnya",
        "resmi",
        "langsung",
        "sekalian",
        "beneran",
        "finally",
        "just",
        "have",
        "pernah",
        "sebulan",
        "seminggu",
        "setahun",
        "sehari",
        "dua",
        "tiga",
        "minggu",
        "bulan",
        "tahun",
        "hari",
    ]
)
# Multi-word expressions rewritten to a single verb before tokenising.
_PHRASES = (
    (re.compile(r"\bpull(?:ed)? the plug on\b"), "deleted"),
    (re.compile(r"\bgot rid of\b"), "deleted"),
    (re.compile(r"\bkeluar dari (?=facebook|instagram|whatsapp|meta)"), "tinggalkan "),
)

_CONSIDER_RE = re.compile(
    r"w(?<!not w)(?<!n't w)orth it|worth deleting|perlu (?:enggak|tidak|ikut)|\bapa (?:iya|sebaiknya|perlu|untungnya"
    r"|gue|aku|saya)\b"
    r"|bagaimana kalau|galau|ragu|bingung|m(?<!usah m)(?<!tanpa m)(?<!tinggal m)ikir|weighing|apa mending"
    r"|berpikir|nimbang|timbang|pertimbang|kepikiran"
    r"|kepikir|tergoda"
    r"|belum (?:siap|yakin)|ikut(?:an)? (?:enggak|tidak) ya|(?:hapus|nonaktifkan|delete)\w* (?:\w+ ){0,3}(?:atau"
    r"|apa) (?:enggak|tidak|cuma|cukup|biarkan)"
    r"|should i\b|thinking (?:of|about)|considering|on the fence|torn between|deciding whether|back and forth"
    r"|part of me|idk if|untung ?rugi"
    r"|good idea or|asking for myself|mutusin|memutuskan mau|menurut kalian|pendapat kalian"
    r"|kasih pendapat|kira-kira kalau|mungkin juga (?:enggak|tidak)|\bm(?<!going to m)aybe\b|(?:ingin"
    r"|pengen)\b[^.?!]{0,40}\btapi\b"
    r"|tapi (?:takut|berat|kok berat)|\bberat ya\b|(?:hapus|nonaktifkan)\w* (?:\w+ ){0,2}(?:realistis|mungkin)\b",
)
_STAY_RE = re.compile(
    r"enggak jadi|tidak jadi|batal|balik lagi|(?:kembali|balik) ke (?:facebook|instagram|whatsapp|fb)"
    r"|login lagi|bikin lagi"
    r"|reaktivasi|betah|(?:gue|aku|saya) (?:sih |mah )?(?:enggak|tidak)\s*[,.!]|just staying|ngapain\s*[.!?]*$"
    r"|(?:enggak|tidak) ada artinya|sia-sia"
    r"|buat (?:akun )?lagi"
    r"|aktif lagi|reactivat|came back|come back to|back on (?:facebook|instagram|fb|ig)|restored my"
    r"|percuma|pointless|useless|lebay|buat apa|ngapain (?:hapus|nonaktifkan|delete)|buang-buang waktu"
    r"|enggak ngaruh|enggak berpengaruh|tidak berpengaruh|enggak menyelesaikan|enggak nyelesain|won't change"
    r"|doesn't change|nothing changes|privacy is dead|tetap (?:pakai|aktif|setia|main|menggunakan|ada|di)\b"
    r"|i'm staying|staying on|stay saja|i'm keeping|keeping my|no way|enggak lah|malas|bodo amat"
    r"|enggak (?:ada|punya) (?:niat|rencana)|(?:enggak|tidak) (?:bakal|akan)\s*[.!]*$|enggak mau hapus"
    r"|(?:enggak|tidak) (?:mengubah|merubah) apa|tetap punya data|can't stay away|couldn't stay away|not gonna delete",
)
_URGE_RE = re.compile(
    r"\bayo\b|\bmari\b|kalian|\blo semua\b|\bguys\b|\bgaes\b|teman-teman|everyone|you all|y'all|\bpeople\b"
    r"|\bboikot|boycott|buruan|\bsaran\b|mending|sebarin|sebarkan|\bshare\b|spread the word|viralin|\bajak"
    r"|jangan mau|jangan takut|kita (?:harus|semua)"
    r"|dukung gerakan|saatnya|time to|serentak|do it\b|do yourself|stop (?:using|pakai|feeding)"
    r"|delete your|hapus akun (?:lo|anda)|(?:facebook|instagram|whatsapp|akun) (?:lo|anda)\b|please|tolong|\bplis"
    r"|you (?:all )?(?:need|should|must)|should delete|sebelum terlambat|wahai",
)
_NEWS_RE = re.compile(
    r"\bcara\b|tutorial|how to|how do i|step by step"
    r"|\bb(?<!gara-gara b)(?<!karena b)(?<!baca b)erita\b|kronologi|\bthread\b|trending|survei|survey"
    r"|menurut (?:survei|survey|pakar|data|laporan|riset|penelitian|kominfo|pemerintah|menteri|ahli)|kominfo"
    r"|pemerintah|menteri|warganet|ramai-ramai|ribuan|responds|shares fell|explained|apa bedanya"
    r"|\bpakar\b|umumkan",
)
# How-to questions are ``none`` even when asked in the first person.
_HOWTO_RE = re.compile(
    r"\bcara\b|caranya|tutorial|how to|how do i|step by step|apa bedanya|\bbedanya\b|berapa lama|recover|\bpulihkan"
)
_RESULT_STATE_RE = re.compile(
    r"(?:facebook|instagram|whatsapp|akun)\w*(?: \w+){0,3} (?:sudah|resmi|officially)\s+(?:\w+ )?"
    r"(?:hilang|lenyap|bye|gone|wassalam|musnah|terhapus|almarhum|enggak ada|tidak ada)\b"
)
_RESULT_STATE_FIRST_RE = re.compile(
    r"\b(?:sudah|resmi) (?:hilang|lenyap|musnah|terhapus) (?:facebook|instagram|whatsapp|messenger|akun)"
)
_EN_FUTURE_RE = re.compile(r"\b(?:segera|going to|gonna|about to|i'm \w+ing|i will|i'll)\b")
_DONE_RE = re.compile(r"\bdone\b|selesai|✅|✔|☑|\bbye\b|selamat tinggal|wassalam|\bgone\b|lenyap|hilang|musnah")
_FUTURE_TIME_RE = re.compile(
    r"\bbesok\b|\bnanti\b|minggu depan|bulan depan|tahun depan|pekan depan|akhir (?:tahun|bulan|pekan|minggu)"
    r"|tahun baru|habis (?:backup|lebaran|gajian|ujian|uas|uts|ini|itu)|setelah (?:backup|ujian|ini)"
    r"|(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|weekend) (?:depan|ini)|\bmulai (?:besok|senin"
    r"|hari)"
    r"|tomorrow|next (?:week|month|year)|this weekend|tonight|end of the|after (?:i|my)|as soon as|once my"
    r"|\bfix\b|pokoknya|\b(?:tunggu|menunggu|nunggu)\b|hari terakhir|\btgl\b|\btanggal\b|lagi (?:download|export"
    r"|backup|proses)|sedang (?:download|backup)",
)


# Cancellation and return outweigh any weighing in the same post ("mikir lagi, enggak jadi").
_STRONG_STAY_RE = re.compile(
    r"enggak jadi|tidak jadi|batal|balik lagi|(?:kembali|balik) ke (?:facebook|instagram|whatsapp)|reactivat|reaktivasi"
    r"|came back|aktif lagi|login lagi"
)
# Arguments that deleting is pointless; a first-person perfective deletion outweighs them ("sudah gue hapus,
# ternyata ... jadi buat apa" reports a done deletion with regret about its effect).
_WEAK_STAY_RE = re.compile(r"percuma|pointless|useless|buat apa|lebay|enggak ngaruh|won't change|doesn't change")
_CONTRAST_RE = re.compile(r"\b(?:tapi|tetapi|namun|but|eh)\b")
_STRONG_URGE_RE = re.compile(r"\b(?:ayo|mari|tolong|please|plis|yuk|buruan)\b")
_NO_REGRET_RE = re.compile(r"(?:enggak|tidak|tak) (?:menyesal|nyesel)|no regrets?|don't regret|zero regrets")
_HOWTO_STRICT_RE = re.compile(r"\bcara\b|caranya|tutorial|how to|how do i|step by step|recover|\bpulihkan")


@dataclass(frozen=True)
class StanceResult:
    """A stance label with a confidence in [0, 1] and the name of the rule that decided it."""

    label: str
    score: float
    rule: str


class _Cues:
    """Lazily evaluated post-level cue regexes for one text."""

    __slots__ = ("_text", "_memo")
    _PATTERNS: ClassVar[dict[str, re.Pattern[str]]] = {}

    def __init__(self, text: str) -> None:
        self._text = text
        self._memo: dict[str, bool] = {}

    def _get(self, name: str) -> bool:
        hit = self._memo.get(name)
        if hit is None:
            hit = self._memo[name] = self._PATTERNS[name].search(self._text) is not None
        return hit

    stay = property(lambda self: self._get("stay"))
    consider = property(lambda self: self._get("consider"))
    urge = property(lambda self: self._get("urge"))
    news = property(lambda self: self._get("news"))
    howto = property(lambda self: self._get("howto"))
    future_time = property(lambda self: self._get("future_time"))


_Cues._PATTERNS.update(
    stay=_STAY_RE, consider=_CONSIDER_RE, urge=_URGE_RE, news=_NEWS_RE, howto=_HOWTO_RE, future_time=_FUTURE_TIME_RE
)


def _tokens(norm: str) -> list[str]:
    return _TOKEN_RE.findall(norm)


def _clause_bounds(tokens: Sequence[str], i: int) -> tuple[int, int]:
    start = i
    while start > 0 and not _BOUNDARY.match(tokens[start - 1]):
        start -= 1
    end = i
    while end + 1 < len(tokens) and not _BOUNDARY.match(tokens[end + 1]):
        end += 1
    return start, end


def _object_is_meta(tokens: Sequence[str], i: int, end: int) -> bool:
    """False when the verb's nearest object is something other than a Meta account."""
    window = [t for t in tokens[i + 1 : min(end, i + 5) + 1]]
    for tok in window:
        if tok in _META_OBJECTS and tok not in ("akun", "semua"):
            return True
        if tok in _OTHER_OBJECTS:
            return False
    # Object before the verb ("fb gue sudah gue hapus", "tiktok gue sudah gue hapus").
    start, _ = _clause_bounds(tokens, i)
    before = tokens[max(start, i - 6) : i]
    for tok in reversed(before):
        if tok in _OTHER_OBJECTS:
            return False
        if tok in _META_OBJECTS:
            return True
    return True


def _third_person_subject(tokens: Sequence[str], i: int) -> bool:
    start, _ = _clause_bounds(tokens, i)
    before = tokens[max(start, i - 5) : i]
    for k in range(len(before) - 1, -1, -1):
        tok = before[k]
        if tok in _FIRST_PERSON:
            # "teman gue", "mantan gue": a possessive, the subject is the third party.
            return k > 0 and before[k - 1] in _THIRD_PERSON and before[k - 1] not in ("yang", "ada")
        if tok in _RELATIVES or tok in _SECOND_PERSON:
            return False
        if tok in _THIRD_PERSON:
            return True
    return False


def _negated(tokens: Sequence[str], i: int) -> bool:
    j = i - 1
    steps = 0
    while j >= 0 and steps < 4 and not _BOUNDARY.match(tokens[j]):
        tok = tokens[j]
        if tok in _NEGATORS:
            # "perlu enggak", "worth it enggak": a question tag, not a negation of the act.
            prev = tokens[j - 1] if j > 0 else ""
            return prev not in ("perlu", "it", "apa", "atau", "mau", "ikut", "benar", "betul")
        if tok not in _NEG_FILLERS and tok not in _FIRST_PERSON:
            return False
        j -= 1
        steps += 1
    return False


def _marker_before(
    tokens: Sequence[str], i: int, markers: frozenset[str], fillers: frozenset[str], reach: int = 4
) -> bool:
    j = i - 1
    steps = 0
    while j >= 0 and steps < reach and not _BOUNDARY.match(tokens[j]):
        tok = tokens[j]
        if tok in markers:
            if tok == "baru" and markers is _PERFECTIVE:
                # "tahun baru" is New Year; "selesai baru hapus" is "only then delete".
                nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
                prev = tokens[j - 1] if j > 0 else ""
                return (
                    nxt == "saja"
                    or prev in _FIRST_PERSON
                    or prev in ("sudah", "akhirnya")
                    or j == 0
                    or bool(_BOUNDARY.match(prev))
                )
            return True
        if tok in _FUTURE and markers is _PERFECTIVE:
            return False
        if tok not in fillers and tok not in _META_OBJECTS and tok not in _FIRST_PERSON and tok not in _RELATIVES:
            return False
        j -= 1
        steps += 1
    return False


def classify_stance_normalised(norm: str) -> StanceResult:
    """Classify one already-normalised post (see :func:`nlp.normalise.normalise_text`)."""
    text = norm[:_RULE_CHARS]
    if "plug" in text or "rid of" in text or "keluar" in text:
        for pattern, replacement in _PHRASES:
            text = pattern.sub(replacement, text)
    tokens = _tokens(text)
    verbs = [i for i, t in enumerate(tokens) if t in _DELETE_VERBS]
    hashtag = any(t.startswith("#hapusakun") for t in tokens)
    has_topic = (
        bool(verbs)
        or hashtag
        or bool(re.search(r"\b(?:facebook|instagram|whatsapp|messenger|meta|akun\w*|accounts?)\b", text))
    )
    if not has_topic:
        return StanceResult("none", 0.95, "no-topic")

    # Which verbs are about the author's own Meta account?
    own_verbs: list[int] = []
    third_party = False
    for i in verbs:
        _, end = _clause_bounds(tokens, i)
        if not _object_is_meta(tokens, i, end):
            continue
        # "hapus akun facebook kalian": an addressee's account is a call, not a report about others.
        addressed = any(t in _SECOND_PERSON for t in tokens[i + 1 : min(end, i + 4) + 1])
        if _third_person_subject(tokens, i) and not addressed:
            third_party = True
            continue
        own_verbs.append(i)
    first = any(t in _FIRST_PERSON for t in tokens)
    second = any(t in _SECOND_PERSON for t in tokens)
    question = "?" in text

    # Each post-level cue is searched once; they are the bulk of the cost.
    # Post-level cues are the bulk of the cost: each is searched at most once, and only when a
    # rule actually needs it.
    cue = _Cues(text)
    if verbs and not own_verbs and not cue.stay and not cue.consider:
        return StanceResult("none", 0.8, "other-object-or-third-party")

    # A personal marker right before one's own verb ("otw hapus", "mau hapus") outweighs a news word.
    personal = first or any(i > 0 and (tokens[i - 1] in _FUTURE or tokens[i - 1] in _PERFECTIVE) for i in own_verbs)
    news = cue.howto or (not personal and cue.news)
    # A comparison question ("bedanya apa") inside one's own weighing is part of the weighing.
    news_for_weighing = (
        _HOWTO_STRICT_RE.search(text) is not None or (not personal and cue.news) if cue.consider else news
    )
    if (
        cue.consider
        and (own_verbs or re.search(r"\b(?:facebook|instagram|whatsapp|meta)\b", text) or (first and verbs))
        and not (third_party and not first and not question)
        and not news_for_weighing
        and not _STRONG_STAY_RE.search(text)
        and not (not first and _STRONG_URGE_RE.search(text))
        and not _weighing_resolved(text)
    ):
        return StanceResult("considering", 0.85, "weighing")

    negated = [i for i in own_verbs if _negated(tokens, i)]
    if negated and own_verbs[-1] not in negated:
        # "kemarin bilang enggak bakal hapus, hari ini sudah nonaktifkan": the later act is the stance.
        last = own_verbs[-1]
        if any(_BOUNDARY.match(t) for t in tokens[negated[-1] : last]):
            negated = []
    if cue.stay and not negated and not _STAY_RE.search(_WEAK_STAY_RE.sub(" ", text)):
        # Only a "pointless" argument: a first-person perfective deletion in the same post wins.
        if any(_marker_before(tokens, i, _PERFECTIVE, _PERF_FILLERS) for i in own_verbs):
            pass
        else:
            return StanceResult("staying", 0.85, "staying-cue")
    elif cue.stay or negated:
        return StanceResult("staying", 0.85, "staying-cue" if not negated else "negated-act")

    conditional = {
        i for i in own_verbs if _marker_before(tokens, i, frozenset({"kalau", "if", "kalo"}), _NEG_FILLERS | _FUTURE, 4)
    }

    for i in own_verbs:
        if i in conditional:
            continue
        _, end = _clause_bounds(tokens, i)
        if _marker_before(tokens, i, _PERFECTIVE, _PERF_FILLERS):
            return StanceResult("deleted", 0.9, "perfective")
        if tokens[i] in _PAST_EN_VERBS and (i == 0 or tokens[i - 1] not in ("a", "the", "recover")) and not news:
            return StanceResult("deleted", 0.85, "english-past")
        if tokens[i] in _PASSIVE_VERBS and _marker_before(tokens, i, _PERFECTIVE, _PERF_FILLERS | {"sudah"}, 3):
            return StanceResult("deleted", 0.85, "passive-perfective")
        tail = " ".join(tokens[i : end + 3])
        done = _DONE_RE.search(tail)
        if (
            done
            # Only what precedes the tick counts: "hapus instagram ✅ whatsapp... nanti dulu".
            and not _FUTURE_TIME_RE.search(tail[: done.start()])
            and not any(t in _FUTURE for t in tokens[max(0, i - 3) : i])
        ):
            return StanceResult("deleted", 0.8, "done-marker")
        start_i, _ = _clause_bounds(tokens, i)
        planned = any(t in _FUTURE for t in tokens[max(0, i - 6) : i])
        if (
            _relative_help(tokens, i)
            and not planned
            and (first or not _URGE_RE.search(" ".join(tokens[start_i : i + 1])))
        ):
            return StanceResult("deleted", 0.8, "helped-relative")
    # Result state without a deletion verb: "akun fb gue resmi hilang", "facebook sudah bye".
    if not news and (_RESULT_STATE_RE.search(text) or _RESULT_STATE_FIRST_RE.search(text)):
        return StanceResult("deleted", 0.8, "result-state")

    if own_verbs and not news and _NO_REGRET_RE.search(text):
        for i in own_verbs:
            start, _ = _clause_bounds(tokens, i)
            if i not in conditional and not any(t in _FUTURE for t in tokens[start:i]):
                return StanceResult("deleted", 0.7, "no-regret")

    if own_verbs and not news:
        for i in own_verbs:
            if i in conditional:
                continue
            start, end = _clause_bounds(tokens, i)
            modal_before = any(t in _FUTURE for t in tokens[max(start, i - 5) : i])
            clause_text = " ".join(tokens[start : end + 1])
            # Vocatives ("guys") accompany own plans too; only real calls to action block ``intends``.
            urge_clause = (
                cue.urge
                and bool(_URGE_RE.search(clause_text.replace("guys", "")))
                and not any(t in _FIRST_PERSON for t in tokens[start:i])
            )
            imperative = (i == start and not tokens[i].endswith("ing")) and not first
            if urge_clause or imperative:
                continue
            if (modal_before or cue.future_time or _EN_FUTURE_RE.search(text)) and tokens[i] not in _PAST_EN_VERBS:
                return StanceResult("intends", 0.8, "future-marker")

    if (own_verbs or hashtag or re.search(r"\b(?:boikot|boycott)", text)) and (cue.urge or (second and not first)):
        return StanceResult("urges", 0.85, "call-to-action")

    if own_verbs and question and not news:
        return StanceResult("considering", 0.6, "question")
    if conditional and first and not news:
        # "kalau gue hapus fb, ..." weighs the consequences of one's own deletion.
        return StanceResult("considering", 0.6, "self-conditional")

    if own_verbs and not news:
        sentence_initial = [i for i in own_verbs if i == 0 or _BOUNDARY.match(tokens[i - 1])]
        if sentence_initial and not any(
            t in _FIRST_PERSON for i in sentence_initial for t in tokens[slice(*_clause_span(tokens, i))]
        ):
            return StanceResult("urges", 0.6, "imperative")
        if first:
            return StanceResult("deleted", 0.55, "bare-first-person-act")
        if tokens[own_verbs[0]].endswith("ing"):
            return StanceResult("intends", 0.55, "english-progressive")
    return StanceResult("none", 0.6, "fallback")


def _clause_span(tokens: Sequence[str], i: int) -> tuple[int, int]:
    start, end = _clause_bounds(tokens, i)
    return start, end + 1


def _weighing_resolved(text: str) -> bool:
    """True when the weighing comes before a contrast and a deletion act follows it ("ragu, tapi ... gue hapus")."""
    matches = list(_CONTRAST_RE.finditer(text))
    if not matches:
        return False
    head, tail = text[: matches[-1].start()], text[matches[-1].end() :]
    return (
        _CONSIDER_RE.search(head) is not None
        and _CONSIDER_RE.search(tail) is None
        and any(t in _DELETE_VERBS for t in _tokens(tail))
    )


def _relative_help(tokens: Sequence[str], i: int) -> bool:
    """'bantu mama hapus fb', 'helped my grandma delete her facebook'."""
    window = tokens[max(0, i - 5) : i]
    return any(t.startswith(("bantu", "help")) for t in window) and any(t in _RELATIVES for t in window)


def classify_stance(text: object) -> StanceResult:
    """Classify one raw post (normalises it first; weak rule decisions go to the back-off model)."""
    norm = normalise_text(text)
    return _apply_backoff([norm], [classify_stance_normalised(norm)])[0]


_BACKOFF_LOCK = threading.Lock()
_BACKOFF: list[Any] = []  # [(vectoriser, classifier)] once fitted, [None] when unavailable


_BACKOFF_TOKEN_RE = re.compile(r"[^\W_][\w'-]*|[?!]")


def _backoff_features(text: str) -> list[str]:
    """Word 1-3-grams, with "?" and "!" kept as words (questions and exclamations carry stance)."""
    toks = _BACKOFF_TOKEN_RE.findall(text)
    feats = list(toks)
    feats += [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
    feats += [f"{a} {b} {c}" for a, b, c in zip(toks, toks[1:], toks[2:], strict=False)]
    return feats


def _backoff_model() -> Any:
    """Fit (once) the TF-IDF + logistic regression back-off model; None when there is no data."""
    if _BACKOFF:
        return _BACKOFF[0]
    with _BACKOFF_LOCK:
        if _BACKOFF:
            return _BACKOFF[0]
        texts: list[str] = []
        labels: list[str] = []
        for name in _BACKOFF_TRAIN_FILES:
            path = _EVAL_DIR / name
            if not path.is_file():
                continue
            with path.open(newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    if row.get("label") in STANCE_LABELS and row.get("text"):
                        texts.append(normalise_text(row["text"])[:_RULE_CHARS])
                        labels.append(row["label"])
        model = None
        if len(set(labels)) > 1:
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.linear_model import LogisticRegression

            vec = TfidfVectorizer(analyzer=_backoff_features, sublinear_tf=True)
            clf = LogisticRegression(C=20.0, max_iter=3000, class_weight="balanced")
            clf.fit(vec.fit_transform(texts), labels)
            model = (vec, clf)
        _BACKOFF.append(model)
        return model


def _apply_backoff(norms: Sequence[str], results: list[StanceResult]) -> list[StanceResult]:
    weak = [k for k, r in enumerate(results) if r.score <= _BACKOFF_MAX_RULE_SCORE]
    if not weak:
        return results
    model = _backoff_model()
    if model is None:
        return results
    vec, clf = model
    proba = clf.predict_proba(vec.transform([norms[k][:_RULE_CHARS] for k in weak]))
    best = proba.argmax(axis=1)
    out = list(results)
    for row, k in enumerate(weak):
        label = str(clf.classes_[best[row]])
        p = float(proba[row, best[row]])
        if p >= _BACKOFF_MIN_PROBA and label != results[k].label:
            out[k] = StanceResult(label, round(p, 4), "backoff-model")
    return out


def predict_stance(texts: Iterable[object], normalised: Sequence[str] | None = None) -> list[tuple[str, float]]:
    """Return ``(label, score)`` per text; pass ``normalised`` to reuse normalised forms."""
    norms = list(normalised) if normalised is not None else [normalise_text(t) for t in texts]
    results = _apply_backoff(norms, [classify_stance_normalised(norm) for norm in norms])
    return [(res.label, res.score) for res in results]
