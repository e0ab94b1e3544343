"""A themed synthetic corpus for developing, testing and benchmarking the topic model.

Used by tests and ``benchmarks/bench_topics.py`` when ``ingestion.sources.demo`` is not
available. Posts mix Indonesian and English, slang and hashtags, across ten themes of the
#hapusakunfacebook conversation, so clustering, stopword handling and labels can be checked.
"""

from __future__ import annotations

import zlib

import numpy as np

THEMES: dict[str, list[str]] = {
    "ai_training": [
        "Meta pakai postingan dan foto kita buat melatih AI mereka",
        "data pribadi kita dijadikan bahan training model AI Meta",
        "semua foto keluarga yang aku upload dipakai untuk melatih Llama",
        "aku gak pernah setuju foto anakku jadi data latih kecerdasan buatan",
        "Meta mengambil konten publik untuk melatih model bahasa tanpa izin",
        "Meta is training its AI models on our photos and posts",
        "my personal data should not be training data for Llama",
        "they scrape every public post to train generative AI",
    ],
    "ads_ai_chat": [
        "mulai Desember obrolan dengan Meta AI dipakai untuk menargetkan iklan",
        "habis curhat ke Meta AI soal diet langsung muncul iklan suplemen",
        "chat sama Meta AI dijadikan bahan iklan, gak ada opsi menolak di Indonesia",
        "iklan di beranda makin aneh sejak Meta AI baca percakapan kita",
        "opt out cuma untuk Eropa, Inggris dan Korea Selatan, kita tidak bisa menolak iklan",
        "Meta will use your Meta AI chats to personalise ads from December",
        "asked Meta AI about loans and now my feed is full of loan ads",
        "no opt out for ad targeting from AI chats outside the EU",
    ],
    "dead_personas": [
        "paten Meta bikin persona AI dari akun orang yang sudah meninggal",
        "serem banget almarhum ayahku bisa dihidupkan lagi jadi bot AI",
        "akun memorial orang tua bisa dipakai untuk simulasi AI setelah wafat",
        "gak rela akun almarhumah ibu dipakai Meta untuk meniru gaya bicaranya",
        "patent AI orang mati ini melanggar etika dan perasaan keluarga",
        "Meta patent would let an AI keep posting as a dead user",
        "I do not want a chatbot pretending to be my late grandmother",
        "digital ghosts of deceased users trained on their old posts",
    ],
    "scams_hacked": [
        "akun fb aku dibajak dan dipakai buat nipu teman minta transfer pulsa",
        "banyak penipuan di Facebook, link phishing mengaku hadiah undian",
        "akunku kena hack, verifikasi dua langkah pun tidak membantu",
        "laporan akun palsu ke Facebook tidak pernah ditanggapi",
        "penipu pakai fotoku untuk bikin akun kloning dan pinjam uang",
        "my account got hacked and support never answered my appeal",
        "scammers cloned my profile and asked friends for money",
        "phishing links about prizes are everywhere on Facebook",
    ],
    "mental_health": [
        "scroll beranda berjam jam bikin cemas dan susah tidur",
        "sejak berhenti main fb aku lebih tenang dan produktif",
        "membandingkan hidup dengan postingan orang lain bikin stres",
        "detoks media sosial sebulan, kesehatan mental jauh membaik",
        "doomscrolling tiap malam bikin capek dan overthinking",
        "doomscrolling every night was wrecking my sleep and mood",
        "quitting Facebook improved my anxiety more than I expected",
        "social media comparison made me feel worse about myself",
    ],
    "marketplace": [
        "dagangan online saya bergantung pada Marketplace jadi berat hapus akun",
        "pelanggan toko kue saya semua datang dari grup jual beli Facebook",
        "UMKM susah pindah karena pembeli masih cari barang di Marketplace",
        "kalau hapus fb omzet jualan bisa turun drastis",
        "jualan baju lewat Marketplace masih paling laku dibanding aplikasi lain",
        "my small shop depends on Facebook Marketplace for most sales",
        "sellers cannot leave because buyers still search Marketplace",
        "deleting Facebook would kill my online business",
    ],
    "family_groups": [
        "grup keluarga besar cuma ada di Facebook, orang tua belum mau pindah",
        "ibu dan tante masih aktif di fb, susah ninggalin grup arisan keluarga",
        "kabar keluarga di kampung hanya lewat grup Facebook",
        "nenek cuma bisa lihat foto cucu lewat Facebook",
        "reuni alumni dan grup keluarga menahan aku untuk tetap punya akun",
        "my parents only share family news in the Facebook group",
        "the extended family group chat keeps me on Facebook",
        "grandma only sees photos of the grandkids on Facebook",
    ],
    "alternatives": [
        "pindah ke Telegram dan Signal untuk ngobrol dengan teman",
        "sekarang lebih banyak pakai Bluesky dan Mastodon daripada fb",
        "komunitas kami migrasi ke Discord dan grup Telegram",
        "toko pindah jualan ke TikTok Shop dan Shopee",
        "cari alternatif media sosial yang tidak jual data pengguna",
        "moved my community to Signal and Discord",
        "trying Mastodon and Bluesky as alternatives to Facebook",
        "we migrated the neighbourhood group to Telegram",
    ],
    "privacy_law": [
        "UU PDP seharusnya melindungi data pribadi warga dari Meta",
        "Kominfo harus menegakkan Undang Undang Pelindungan Data Pribadi",
        "pemerintah perlu audit Meta sesuai UU Pelindungan Data Pribadi",
        "regulasi perlindungan data di Indonesia belum ditegakkan untuk platform asing",
        "lembaga pengawas data pribadi belum dibentuk padahal UU PDP sudah berlaku",
        "Indonesia's personal data protection law should apply to Meta",
        "regulators must enforce the PDP law against big platforms",
        "the data protection authority still does not exist",
    ],
    "off_topic": [
        "ada yang tahu resep rendang yang empuk",
        "macet parah di jalan tol pagi ini",
        "nonton bola semalam seru banget timnas menang",
        "hujan deras terus dari sore, banjir di depan rumah",
        "harga cabai di pasar naik lagi minggu ini",
        "anyone watching the football match tonight",
        "traffic in Jakarta is terrible this morning",
        "best coffee shop recommendations in Bandung please",
    ],
}

OPENERS = [
    "", "", "", "Jujur,", "Fix,", "Gila sih,", "Btw", "Menurutku", "Serius,", "Honestly,",
    "Udah mutusin,", "Aduh", "Kesel banget,", "Pengalaman pribadi:", "Sekadar info,", "FYI",
]
CLOSERS = [
    "", "", "", "#hapusakunfacebook", "#DeleteFacebook", "yg bener aja", "gimana menurut kalian?",
    "parah sih", "udah gak tahan", "aku sih mending hapus", "ngeri deh", "ya kan?",
    "what do you think?", "seriously", "sad", "ayo pikir lagi",
]
FILLERS = ["yg", "gak", "aja", "nya", "sih", "dong", "deh", "banget", "kok", "loh", "kan", "fb"]
SPAM_TEXT = "PROMO PULSA MURAH diskon 90% klik link bit.ly/pulsa-murah sekarang juga kirim ke teman"


def generate_corpus(
    n: int,
    seed: int = 42,
    themes: list[str] | None = None,
    spam_copies: int = 0,
) -> tuple[list[str], list[str]]:
    """Return ``(texts, theme_labels)`` with ``n`` themed posts plus ``spam_copies`` spam posts.

    Spam copies are one promo text with trivial variations (case, spacing, a counter in a URL
    query), the shape of a copy-paste burst; their label is ``"spam"``.
    """
    rng = np.random.default_rng(seed)
    names = themes or list(THEMES)
    texts: list[str] = []
    labels: list[str] = []
    for _ in range(n):
        theme = names[int(rng.integers(len(names)))]
        pool = THEMES[theme]
        k = int(rng.integers(1, 4))
        picks = rng.choice(len(pool), size=min(k, len(pool)), replace=False)
        parts = [OPENERS[int(rng.integers(len(OPENERS)))]]
        for idx in picks:
            sentence = pool[int(idx)]
            if rng.random() < 0.3:
                words = sentence.split()
                pos = int(rng.integers(len(words) + 1))
                words.insert(pos, FILLERS[int(rng.integers(len(FILLERS)))])
                sentence = " ".join(words)
            if rng.random() < 0.2:
                sentence = sentence.lower()
            parts.append(sentence + ("." if rng.random() < 0.6 else ""))
        if rng.random() < 0.25:
            parts.append(f"udah {int(rng.integers(2, 16))} tahun pakai fb")
        parts.append(CLOSERS[int(rng.integers(len(CLOSERS)))])
        texts.append(" ".join(p for p in parts if p))
        labels.append(theme)
    for i in range(spam_copies):
        variant = SPAM_TEXT if i % 2 else SPAM_TEXT.lower()
        texts.append(f"{variant}  ?ref={i % 7}")
        labels.append("spam")
    if spam_copies:
        order = rng.permutation(len(texts))
        texts = [texts[i] for i in order]
        labels = [labels[i] for i in order]
    return texts, labels


def hashed_embeddings(labels: list[str], dim: int = 64, noise: float = 0.35, seed: int = 0) -> np.ndarray:
    """Cheap stand-in embeddings for logic tests: one random direction per label plus noise.

    Rows are unit vectors; posts with the same label are close (cosine ~0.9), different labels
    nearly orthogonal, mimicking what a sentence encoder does with themed posts.
    """
    # Each label's direction depends only on (seed, label), so adding labels moves no old theme.
    centres = {}
    for lab in sorted(set(labels)):
        centre = np.random.default_rng([seed, zlib.crc32(lab.encode())]).normal(size=dim)
        centres[lab] = centre / np.linalg.norm(centre)
    rng = np.random.default_rng([seed, len(labels)])
    out = np.stack([centres[lab] for lab in labels]) + rng.normal(scale=noise / np.sqrt(dim), size=(len(labels), dim))
    return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)
