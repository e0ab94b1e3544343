"""Text banks for the synthetic demo corpus (Indonesian-heavy, slang, some English and code-mixing).

Kept apart from the generator so the wording can grow without touching the sampling logic.
Slots: ``{fb}`` a way to say Facebook/account, ``{reason}`` a theme phrase, ``{dest}`` where the author
goes next, ``{when}`` a future time, ``{emo}`` an emoji or nothing.
"""

FB = ["fb", "FB", "facebook", "Facebook", "akun fb", "akun FB", "akun facebook", "fesbuk", "efbe", "akun Meta"]
EMO = ["", "", "", " 🙏", " 😤", " 😭", " 🔥", " 👍", " 🤡", " 😅", " 💀", " ✌️"]
WHEN = [
    "besok", "minggu depan", "abis backup foto", "akhir tahun ini", "habis lebaran", "bulan depan",
    "nanti malem", "setelah download semua data", "sebelum 16 desember", "pas gajian", "weekend ini",
]

# Destinations (slot {dest}) — what people say they move to.
DESTINATIONS = {
    "telegram": ["Telegram", "tele", "telegram"],
    "x": ["X", "twitter", "Twitter/X"],
    "threads": ["Threads", "threads"],
    "bluesky": ["Bluesky", "bsky"],
    "instagram": ["IG", "Instagram", "insta"],
    "whatsapp": ["WA", "WhatsApp", "grup WA"],
    "mastodon": ["Mastodon"],
    "none": ["ga pake sosmed sama sekali", "no social media", "detox sosmed total", "hidup tanpa sosmed"],
}
DEST_SENTENCES = [
    " Sekarang pindah ke {dest} aja.",
    " Keluarga udah aku ajak ke {dest}.",
    " Skrg lebih sering di {dest}.",
    " Now I'm mostly on {dest}.",
    " Mending {dest}, lebih tenang.",
    " Grup alumni juga udah migrasi ke {dest}.",
]

# Reasons (themes) behind the movement: slot {reason}.
THEMES = {
    "ai_chat_ads": [
        "chat sama Meta AI dipake buat iklan",
        "obrolan kita sama Meta AI jadi bahan iklan",
        "mulai 16 Desember chat Meta AI dipakai buat target iklan",
        "Meta pake chat AI buat personalisasi iklan dan gak bisa opt-out",
        "my Meta AI chats will be used for ad targeting",
        "iklan di feed makin nyambung sama yg aku tanya ke Meta AI",
    ],
    "ai_training": [
        "foto dan postingan kita dipake buat training AI",
        "data pribadi kita dijadikan bahan latih model AI Meta",
        "Meta training AI pake postingan publik kita",
        "they train their AI on everything we ever posted",
        "foto anak2 di fb bisa kepake buat dataset AI",
    ],
    "dead_personas": [
        "paten Meta soal AI yang niru orang yang udah meninggal",
        "Meta mau bikin persona AI dari akun orang yang sudah wafat",
        "akun almarhum bisa dihidupin lagi jadi bot AI",
        "the patent about AI personas of dead users is creepy",
        "serem bgt kalau akun almarhumah ibu dijadiin AI",
    ],
    "scams": [
        "akun fb sering dibajak buat nipu",
        "banyak penipuan pinjol dan investasi bodong lewat fb",
        "akun temen kena hack terus dipake minta pulsa",
        "scam ads everywhere and Meta does nothing",
        "iklan judol sama penipuan makin banyak di feed",
    ],
    "mental_health": [
        "doomscrolling bikin cemas dan gak produktif",
        "fb bikin overthinking dan bandingin hidup sama orang",
        "kesehatan mental lebih penting daripada likes",
        "feed isinya drama dan hoax bikin capek mental",
        "I waste hours scrolling and feel worse every time",
    ],
    "marketplace_business": [
        "jualan online aku masih bergantung ke Marketplace",
        "olshop kecil kayak aku susah lepas dari grup jual beli fb",
        "pelanggan toko kebanyakan dari fb marketplace",
        "UMKM masih hidup dari iklan fb",
        "my small business still runs on Facebook Marketplace",
    ],
    "privacy_law": [
        "UU PDP harusnya melindungi data kita dari Meta",
        "Kominfo harus tegas soal data pribadi warga",
        "Eropa bisa opt-out tapi Indonesia enggak, gak adil",
        "only EU, UK and Korea get to opt out, we don't",
        "privasi data kita gak dihargai sama sekali",
    ],
    "family": [
        "grup keluarga besar masih di fb",
        "ortu cuma ngerti fb buat liat foto cucu",
        "semua kenangan foto keluarga ada di fb",
        "my parents only use Facebook to stay in touch",
        "tante om pada share hoax di fb tiap hari",
    ],
}

# Stance templates. Each is complete text; slots are filled per post.
STANCE_TEMPLATES = {
    "deleted": [
        "Udah resmi hapus {fb} hari ini. Alasannya simpel: {reason}.{emo}",
        "akhirnya udh deact {fb}, gara2 {reason}{emo}",
        "Done, akun sudah hilang. Gak nyesel sama sekali, {reason}.{emo}",
        "Barusan bantuin ibu hapus {fb} beliau, soalnya {reason}.{emo}",
        "I finally deleted my Facebook account today. {reason_en}.{emo}",
        "sudah kuhapus permanen {fb} setelah 12 tahun. {reason}.{emo}",
        "Update: {fb} aku udah gone, request penghapusan udah diproses 30 hari{emo}",
        "dah apus fb semalem, rasanya lega bgt{emo}",
        "Deleted FB + IG last night. Bye Meta{emo}",
        "Resmi keluar dari fb. {reason}, cukup sudah{emo}",
    ],
    "intends": [
        "Besok mau hapus {fb}, tinggal backup foto dulu. {reason}.{emo}",
        "otw hapus {fb} {when}, udah muak {reason}{emo}",
        "Aku bakal deact {fb} {when}. {reason}.{emo}",
        "Fix {when} aku hapus fb, lagi download arsip datanya dulu{emo}",
        "Planning to delete my Facebook {when_en}. {reason_en}.{emo}",
        "nanti {when} aku apus fb, udh niat bgt pokoknya{emo}",
        "Setelah backup semua kenangan, aku akan hapus {fb}. {reason}.{emo}",
    ],
    "considering": [
        "Worth it gak sih hapus {fb}? Aku masih mikir soalnya {reason}.{emo}",
        "Lagi nimbang2 mau hapus fb atau engga, {reason} tapi masih butuh buat kerja{emo}",
        "Kalau aku hapus {fb}, foto2 lama gimana ya? Masih ragu{emo}",
        "Is it worth deleting Facebook if {reason_en}? Still on the fence{emo}",
        "Pengen hapus fb tapi {reason_alt}. Gimana menurut kalian?{emo}",
        "Kepikiran deact {fb} gara2 {reason}, ada yg udah coba?{emo}",
    ],
    "urges": [
        "Ayo hapus {fb} kalian! {reason}.{emo}",
        "Guys mending hapus fb sekarang juga, {reason}{emo}",
        "Yuk rame2 tinggalkan facebook #hapusakunfacebook{emo}",
        "Kalian harus hapus {fb} sebelum 16 Desember, {reason}!{emo}",
        "Everyone should delete Facebook now. {reason_en}. #DeleteFacebook{emo}",
        "Saatnya boikot Meta. Hapus akun, jangan kasih data kita gratis{emo}",
        "Share ke grup keluarga: hapus {fb} sekarang, {reason}{emo}",
    ],
    "staying": [
        "Gak bakal hapus {fb}, lebay banget pada panik. {reason_alt}.{emo}",
        "Ngapain hapus fb, data kita udah kemana2 juga. Percuma{emo}",
        "Dulu sempet deact, sekarang balik lagi ke fb soalnya {reason_alt}{emo}",
        "Never deleting my account, {reason_alt_en}{emo}",
        "Aku tetep pake {fb}, {reason_alt}. Tinggal matiin aja fitur AI-nya{emo}",
        "Gak jadi hapus fb, ternyata {reason_alt}{emo}",
        "Hapus akun gak ngubah apa2, Meta tetep punya data kita{emo}",
    ],
    "news": [
        "[Berita] Meta akan gunakan percakapan dengan Meta AI untuk iklan mulai 16 Desember",
        "Kominfo panggil Meta soal penggunaan data untuk AI",
        "Reuters: Meta patent describes AI that simulates users after death",
        "Tagar #hapusakunfacebook trending di X, ribuan warganet bagikan tangkapan layar",
        "Meta: fitur AI chat untuk iklan tidak berlaku di Uni Eropa, Inggris dan Korea Selatan",
        "Survei: 3 dari 10 pengguna muda Indonesia pertimbangkan tinggalkan Facebook",
        "TechCrunch: Meta confirms AI chat data will personalise ads from December",
    ],
    "howto": [
        "Cara download arsip data fb sebelum hapus akun gimana ya?",
        "Bedanya nonaktifkan sama hapus akun fb apa sih?",
        "Kalau akun fb dihapus, akun Messenger ikut ilang gak?",
        "How do I export my Facebook photos before deleting?",
        "Tutorial: Pengaturan > Pusat Akun > Kepemilikan dan kontrol akun > Hapus akun",
        "Berapa lama sih proses penghapusan akun fb sampai permanen?",
    ],
    "offtopic": [
        "Ada rekomendasi warung bakso enak di Bandung?",
        "Macet parah di tol Cikampek pagi ini",
        "Harga beras naik lagi ya di pasar",
        "Anyone watching the Timnas match tonight?",
        "lagi nyari kerja remote, ada info?",
        "Hujan deres dari subuh, banjir lagi deh",
        "Rekomendasi HP 2 jutaan buat ortu dong",
    ],
}

REASON_EN = [
    "Meta will use my AI chats for ads", "they train AI on our photos",
    "the dead-user AI patent is creepy", "too many scams", "it was wrecking my mental health",
    "there's no opt-out outside the EU",
]
REASON_ALT = [
    "masih butuh buat jualan di Marketplace", "grup keluarga masih di fb", "kerjaan masih lewat grup fb",
    "semua kenangan foto ada di sana", "temen2 lama cuma bisa dihubungi lewat fb",
]
REASON_ALT_EN = [
    "my business depends on Marketplace", "my whole family is there", "it's just how I keep in touch",
]
WHEN_EN = ["tomorrow", "next week", "after I back up my photos", "by the end of the year"]

TITLES = {
    "deleted": ["Akhirnya hapus FB", "Udah deact, AMA", "Finally deleted Facebook", "Hapus akun FB: pengalaman"],
    "intends": ["Mau hapus FB minggu ini", "Rencana keluar dari Facebook", "Planning to quit FB"],
    "considering": ["Worth it hapus FB?", "Hapus FB atau nggak?", "Should I delete Facebook?"],
    "urges": ["Ayo hapus akun FB", "#hapusakunfacebook", "Boikot Meta sekarang"],
    "staying": ["Kenapa aku gak hapus FB", "Unpopular opinion: hapus FB percuma", "Balik lagi ke FB"],
    "news": ["[Berita] Meta AI dan iklan", "Meta patent AI orang meninggal", "Kominfo vs Meta"],
    "howto": ["Tanya: cara hapus akun FB", "Backup data FB gimana?", "Deactivate vs delete?"],
    "offtopic": ["Random thread", "Daily chat", "Tanya dong"],
}

SPAM = [
    "JUAL AKUN FB TUA MURAH 2010-2015 full pertemanan, minat WA 0812xxxx",
    "Dapatkan cuan 5jt/hari dari rumah!!! klik link di bio",
    "Promo followers IG murah, garansi 30 hari, DM sekarang",
]

SUBREDDITS = ["indonesia", "indonesia", "indonesia", "indonesia", "indotech", "jakarta", "finansial",
              "bandung", "surabaya", "technology", "privacy", "facebook"]
