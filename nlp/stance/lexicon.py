"""Word lists and cue patterns of the stance rules (English, Indonesian, code-mixed).

Everything here is data: deletion verbs, Meta objects vs other objects, persons, tense/modality
markers, negators and the post-level cue regexes read by :mod:`nlp.stance.rules`. Texts they
match are already normalised (:func:`nlp.normalise.normalise_text`) and hashtags segmented
(:func:`nlp.text.reading_text`), so ``#hapusakunfacebook`` arrives as ``#hapus akun facebook``.
"""

from __future__ import annotations

import re

# The label set is fixed: dashboards, marts and labelling pages depend on it (docs/codebook.md).
STANCE_LABELS = ("deleted", "intends", "considering", "urges", "staying", "none")

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
