"""Word banks for the synthetic demo corpus (Indonesian-heavy, slang, some English and code-mixing).

Kept apart from the generator so the wording can grow without touching the sampling logic. Templates
use ``{slot}`` placeholders that :mod:`ingestion.sources.demo.text` fills per post from the banks
below; each slot is drawn once per post, so a slot used twice in a template says the same thing twice
(one author keeps one spelling of "aku" or "udah" within a post).

Spelling variants follow the direction of ``nlp/lexicons/slang_supplement.csv`` (informal forms the
normaliser maps back to standard Indonesian): ``udh``/``dah`` for *sudah*, ``gak``/``ga``/``nggak`` for
*enggak*, ``apus`` for *hapus*, ``bgt`` for *banget*, ``gw``/``gue`` for the first person.

Stance wording follows ``docs/codebook.md``: ``deleted`` reports the author's own completed act,
``intends`` a plan, ``considering`` weighing or a question about their own deletion, ``urges`` a call to
others, ``staying`` refusal/return/pointlessness, and ``news``/``howto``/``offtopic`` carry no stance.
Theme phrases carry the theme's own vocabulary (iklan + Meta AI, training AI, almarhum + persona, ...)
so topic models can recover the themes; filler (places, outlets, dates) is spread thin on purpose.
"""

# --- slots shared by all templates (spelling variants: one draw per post) --------------------------------
SLOTS = {
    "fb": ["fb", "fb", "FB", "FB", "facebook", "Facebook", "akun fb", "akun FB", "akun facebook", "fesbuk",
           "efbe", "akun Meta", "fb ku", "akun fb ku", "facebook ku", "Fb"],
    # a way to say someone else's (or any) account: no first-person "fb ku" when urging others or asking how
    "fbx": ["fb", "fb", "FB", "FB", "facebook", "Facebook", "akun fb", "akun FB", "akun facebook", "fesbuk", "efbe",
            "akun Meta", "Fb"],
    "udah": ["udah", "udah", "udh", "udh", "dah", "sudah", "uda", "sdh", "udeh"],
    "gak": ["gak", "gak", "ga", "ga", "nggak", "gk", "enggak", "ngga", "engga", "tidak", "kagak"],
    "aku": ["aku", "aku", "aku", "gue", "gw", "saya", "aq", "gua"],
    "bgt": ["banget", "bgt", "bgt", "bngt", "bener2", "bgtt", "parah"],
    "hapus": ["hapus", "hapus", "hapus", "apus", "delete", "hps", "ngapus"],
    "deact": ["deact", "deact", "nonaktifin", "deactivate", "deaktif", "nonaktifkan"],
    "yg": ["yang", "yg", "yg"],
    "skrg": ["sekarang", "skrg", "skrg", "skrng", "sekarang"],
    "kalian": ["kalian", "kalian", "kalian semua", "teman2", "temen2", "gaes", "guys", "gengs", "netizen"],
    "sih": [" sih", " sih", "", "", " ya", " deh", " dong", " nih"],
    "emang": ["emang", "memang", "emg"],
    "tapi": ["tapi", "tapi", "tp", "tpi"],
    "karena": ["karena", "soalnya", "gara2", "krn", "karna", "gegara"],
    "lega": ["lega", "plong", "tenang", "damai", "bebas"],
    "muak": ["muak", "capek", "eneg", "males", "kesel", "jengah"],
    "ortu": ["ibu", "mama", "bapak", "papa", "ortu", "nyokap", "bokap", "tante", "om", "kakak", "adik",
             "mertua", "nenek"],
    "years": ["5", "7", "8", "10", "11", "12", "13", "14", "15", "16", "hampir 10", "lebih dari 10",
              "belasan"],
}
SLOTS_EN = {
    "fb_en": ["Facebook", "Facebook", "FB", "my Facebook", "my FB account", "my Facebook account", "fb",
              "my account"],
    "lol": ["", "", "", " lol", " tbh", " ngl", " fr", " smh"],
    "years_en": ["10", "12", "13", "14", "15", "16", "almost 15", "over 10"],
}

# Past and future time words, places, outlets and events: filler that makes posts as varied as real ones.
WHEN_PAST = ["hari ini", "barusan", "tadi pagi", "tadi malem", "semalem", "kemarin", "kemaren", "minggu lalu",
             "pas weekend", "tadi siang", "subuh tadi", "abis maghrib", "pas libur", "kmrn sore", "td malem"]
WHEN_FUTURE = ["besok", "minggu depan", "abis backup foto", "akhir tahun ini", "habis lebaran", "bulan depan",
               "nanti malem", "setelah download semua data", "sebelum 16 desember", "pas gajian", "weekend ini",
               "awal bulan", "abis tahun baru", "sebelum imlek", "pas cuti", "akhir pekan ini", "lusa",
               "sebelum ramadan", "tanggal 1 nanti", "abis urus arsip", "setelah pamit ke grup"]
WHEN_PAST_EN = ["today", "last night", "this morning", "yesterday", "last week", "an hour ago", "on Sunday",
                "over the weekend"]
WHEN_FUTURE_EN = ["tomorrow", "next week", "after I back up my photos", "by the end of the year",
                  "this weekend", "before December 16", "next month", "after the holidays"]
CITIES = ["Jakarta", "Bandung", "Surabaya", "Medan", "Makassar", "Semarang", "Jogja", "Solo", "Malang",
          "Denpasar", "Palembang", "Pekanbaru", "Padang", "Bekasi", "Depok", "Bogor", "Tangerang", "Balikpapan",
          "Samarinda", "Pontianak", "Banjarmasin", "Manado", "Kupang", "Mataram", "Jambi", "Lampung",
          "Cirebon", "Tasik", "Purwokerto", "Kediri", "Jember", "Batam", "Ambon", "Jayapura", "Aceh",
          "Sidoarjo", "Garut", "Sukabumi", "Magelang", "Klaten", "Madiun", "Tegal", "Serang", "Cilegon",
          "Palu", "Kendari", "Gorontalo", "Ternate", "Bengkulu", "Pangkalpinang"]
OUTLETS = ["Kompas", "Detik", "CNN Indonesia", "Tempo", "Kumparan", "Tirto", "CNBC Indonesia", "Liputan6",
           "Katadata", "Republika", "Tribun", "Okezone", "Suara", "IDN Times", "Narasi", "The Verge",
           "TechCrunch", "Reuters", "BBC Indonesia", "VOA Indonesia"]
EVENTS = ["pengumuman 1 Oktober", "berita 16 Desember", "berita paten itu", "rame2 di timeline",
          "thread viral kemarin", "video yg lagi rame", "berita Meta AI", "beritanya keluar",
          "rapat di DPR", "pernyataan Komdigi", "kasus bocor data kemarin", "liputan Narasi"]
YEARS = ["2009", "2010", "2011", "2012", "2013", "2014", "2015", "2016", "2008", "2017"]
ERAS = ["jaman SMP", "jaman SMA", "jaman kuliah", "jaman friendster baru tutup", "jaman warnet",
        "jaman main Farmville", "jaman Blackberry", "SMP kelas 2", "semester 1"]

# Optional second sentence: context about the author, neutral as to stance, destination and theme.
DETAILS = [
    "{Aku} di {city} btw.", "Akun dari {year}, dari {era}.", "Baru baca beritanya di {outlet} {when_past}.",
    "Akunnya dari {era}, temennya udah {friends} orang.", "Sejak {event} kepikiran terus.",
    "Ditulis dari {city}, {hour}.", "Dari {era} main fb, {years} tahun lebih.", "Cek aja di {outlet}.",
    "Fyi beritanya dari {outlet}.", "Lagi di {city}, {hour} gini malah mikirin ginian.",
    "{Aku} orang {city}, temen2 di sini pada bahas ini.", "Sumber: {outlet}.",
    "Udah {years} tahun pake, dari {year}.", "Temen kantor di {city} juga pada ngomongin.",
    "Gara2 {event} grup RT juga rame.", "Btw ini pendapat pribadi ya.", "Maaf panjang.", "Cmiiw.",
    "Ini di {city} loh, bukan cuma Jakarta.", "Nulis ini sambil nunggu kereta di {station}.",
    "Nulis ini di warkop deket {landmark}.", "Post ini dari {city}, {hour}.", "Mohon maaf kalau OOT dikit.",
]
DETAILS_EN = ["Writing this from {city}.", "Had the account since {year}.", "Saw it on {outlet} {when_past_en}.",
              "Been on it for {years_en} years.", "Just my two cents.", "Source: {outlet}.", "Greetings from {city}.",
              "Read about it on {outlet}.", "Account from {year}, {friends} friends.", "Long time lurker here.",
              "Posting this from {city} at {hour_en}.", "Sorry for the long post."]
HOURS_EN = ["2am", "midnight", "lunch", "6am", "the office", "the train", "11pm"]
FRIENDS = ["300", "500", "800", "1.200", "2rb", "3rb", "4rb", "5rb", "ratusan", "ribuan", "900", "1.500"]
HOURS = ["jam 2 pagi", "tengah malem", "subuh2", "jam makan siang", "sore2", "pas istirahat", "jam 11 malem",
         "pagi2", "abis isya", "di kereta", "di angkot", "di ojol"]
STATIONS = ["Manggarai", "Tanah Abang", "Sudirman", "Bogor", "Depok Baru", "Tugu", "Gubeng", "Bekasi",
            "Duri", "Cikini", "Juanda", "Lempuyangan"]
LANDMARKS = ["kampus", "kantor", "alun2", "pasar", "stasiun", "terminal", "masjid", "sekolah anak",
             "rumah sakit", "GOR", "mall", "kosan"]

# Openers: discourse markers that do not change a post's stance.
OPENERS = ["Jujur, ", "Fix, ", "Btw ", "Hmm ", "Update: ", "Wkwk ", "Oke, ", "Duh, ", "Serius, ", "Asli, ",
           "Nah, ", "Curhat dikit: ", "Sebenernya ", "Gini, ", "Jadi gini, ", "Yaudah, ", "Hadeh, ",
           "Alhamdulillah, ", "Bismillah, ", "Gengs, ", "Ya ampun, ", "Ngomong2, ", "Pokoknya ", "Intinya "]
OPENERS_EN = ["Honestly, ", "Ok so ", "Update: ", "Well, ", "So yeah, ", "Not gonna lie, ", "Welp, "]

# Emoji by tone, and hashtags. Movement tags go only on posts about deleting (never on `staying`/`none`).
EMOJI = {
    "pos": ["🙏", "👍", "✌️", "😌", "🥳", "💪", "✨", "😊", "🫡", "🙌"],
    "neg": ["😤", "😡", "🤬", "💀", "🤡", "😒", "🙄", "😩", "😭", "👎"],
    "neu": ["🤔", "😅", "🙃", "😬", "🫠", "😶", "👀", "🤷"],
}
TAGS_MOVEMENT = ["#hapusakunfacebook", "#HapusAkunFacebook", "#hapusfb", "#DeleteFacebook", "#deletefacebook",
                 "#deletefb", "#TinggalkanFacebook", "#BoikotMeta", "#ByeFacebook", "#quitfacebook",
                 "#hapusakunfb", "#HapusFacebook"]
TAGS_TOPIC = ["#MetaAI", "#privasi", "#UUPDP", "#DataPribadi", "#DigitalDetox", "#Meta", "#privasidata",
              "#AI", "#Komdigi", "#PelindunganDataPribadi", "#facebook", "#sosmed"]
MENTIONS = ["@Meta", "@facebook", "@kemkomdigi", "@KompasTekno", "@detikinet", "@MetaNewsroom", "@ylki",
            "@SAFEnetVoice", "@ElsamNews", "@tempodotco"]
LAUGHS = ["wkwk", "wkwkwk", "wkwkwkwk", "haha", "hahaha", "awokawok", "xixixi", "lol"]

# Destinations (slot {dest}): what people say they move to.
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
    " Sekarang pindah ke {dest} aja.", " Keluarga udah aku ajak ke {dest}.", " Skrg lebih sering di {dest}.",
    " Now I'm mostly on {dest}.", " Mending {dest}, lebih tenang.", " Grup alumni juga udah migrasi ke {dest}.",
    " Skrg pindah ke {dest}.", " Sekarang pindah ke {dest}, {city} juga banyak yg gitu.",
]

DEST_NONE_SENTENCES = [" Sekarang {dest} aja.", " Skrg {dest}.", " Mending {dest}, lebih tenang."]

# Reasons (themes) behind the movement: slot {reason} (Indonesian) and {reason_en}.
THEMES = {
    "ai_chat_ads": [
        "chat sama Meta AI dipake buat iklan", "obrolan kita sama Meta AI jadi bahan iklan",
        "mulai 16 Desember chat Meta AI dipakai buat target iklan",
        "Meta pake chat AI buat personalisasi iklan dan {gak} bisa opt-out",
        "iklan di feed makin nyambung sama {yg} {aku} tanya ke Meta AI",
        "curhat ke Meta AI eh besoknya muncul iklannya", "semua chat sama AI-nya dijadiin data iklan",
        "iklan {skrg} ditarget pake isi chat Meta AI", "tanya resep ke Meta AI langsung muncul iklan panci",
        "Meta AI baca obrolan kita terus dijual ke pengiklan", "chat AI dipake buat iklan tertarget",
    ],
    "ai_training": [
        "foto dan postingan kita dipake buat training AI", "data pribadi kita dijadikan bahan latih model AI Meta",
        "Meta training AI pake postingan publik kita", "foto anak2 di fb bisa kepake buat dataset AI",
        "semua postingan lama dipake buat ngelatih AI Meta", "foto2 keluarga jadi data training AI",
        "status2 alay jaman dulu dipake buat latih AI", "model AI Meta dilatih pake foto kita tanpa izin",
        "wajah kita di foto bisa masuk dataset AI", "tulisan kita dipake gratis buat training model AI",
    ],
    "dead_personas": [
        "paten Meta soal AI {yg} niru orang {yg} udah meninggal",
        "Meta mau bikin persona AI dari akun orang {yg} sudah wafat",
        "akun almarhum bisa dihidupin lagi jadi bot AI", "serem {bgt} kalau akun almarhumah ibu dijadiin AI",
        "orang meninggal dibikinin persona AI {yg} bisa bales chat", "akun almarhum bapak bisa dijadiin chatbot",
        "paten AI yg nyamar jadi orang meninggal itu serem", "kenangan almarhum dijadiin persona AI buat engagement",
        "Meta pengen akun orang {yg} udah wafat tetep posting pake AI", "persona AI dari orang meninggal itu gak etis",
    ],
    "scams": [
        "akun fb sering dibajak buat nipu", "banyak penipuan pinjol dan investasi bodong lewat fb",
        "akun temen kena hack terus dipake minta pulsa", "iklan judol sama penipuan makin banyak di feed",
        "tiap hari ada akun kloningan minta transfer", "iklan investasi bodong lolos terus",
        "akun {ortu} dibajak terus dipake nipu sodara", "penipuan jual beli di grup fb {gak} ada abisnya",
        "link phishing nyebar di grup2 fb", "scammer pake akun palsu buat minjem duit",
    ],
    "mental_health": [
        "doomscrolling bikin cemas dan {gak} produktif", "fb bikin overthinking dan bandingin hidup sama orang",
        "kesehatan mental lebih penting daripada likes", "feed isinya drama dan hoax bikin capek mental",
        "tiap buka fb jadi insecure liat hidup orang", "scroll fb berjam2 bikin stres",
        "notif fb bikin cemas terus", "{aku} kecanduan scroll sampe {gak} tidur",
        "timeline penuh debat bikin mental drop", "pengen fokus ke hidup nyata, bukan likes",
    ],
    "marketplace_business": [
        "jualan online {aku} masih bergantung ke Marketplace",
        "olshop kecil kayak {aku} susah lepas dari grup jual beli fb",
        "pelanggan toko kebanyakan dari fb marketplace", "UMKM masih hidup dari iklan fb",
        "dagangan {aku} lakunya lewat Marketplace", "omzet warung online separuhnya dari grup jual beli fb",
        "reseller {aku} semua nyari barang di Marketplace", "iklan fb buat jualan makin mahal",
        "toko kue {aku} dapet order dari grup fb", "jualan preloved paling laku di Marketplace",
    ],
    "privacy_law": [
        "UU PDP harusnya melindungi data kita dari Meta", "Kominfo harus tegas soal data pribadi warga",
        "Eropa bisa opt-out tapi Indonesia enggak, {gak} adil", "privasi data kita {gak} dihargai sama sekali",
        "Komdigi diem aja soal data pribadi kita", "UU PDP cuma di atas kertas",
        "data pribadi warga dijual {gak} ada perlindungan", "regulator {gak} berani sama Meta soal privasi",
        "hak privasi kita {gak} dianggap", "UU Pelindungan Data Pribadi {gak} ditegakkan",
    ],
    "family": [
        "grup keluarga besar masih di fb", "{ortu} cuma ngerti fb buat liat foto cucu",
        "semua kenangan foto keluarga ada di fb", "tante om pada share hoax di fb tiap hari",
        "keluarga besar cuma bisa dihubungi lewat fb", "grup arisan keluarga adanya di fb",
        "{ortu} tiap hari share hoax kesehatan di fb", "foto2 keluarga dari {year} ada di fb semua",
        "keluarga di kampung komunikasinya lewat fb", "sepupu2 pada ribut politik di grup keluarga fb",
    ],
}
THEMES_EN = {
    "ai_chat_ads": ["Meta will use my AI chats for ads", "my Meta AI chats will be used for ad targeting",
                    "they turn AI chats into ad targeting", "every chat with Meta AI becomes ad data"],
    "ai_training": ["they train their AI on everything we ever posted", "they train AI on our photos",
                    "my photos end up in their AI training data", "our posts are free AI training data"],
    "dead_personas": ["the dead-user AI patent is creepy", "the patent about AI personas of dead users is creepy",
                      "they want AI versions of people who passed away", "AI bots of dead relatives are not ok"],
    "scams": ["scam ads everywhere and Meta does nothing", "too many scams", "my account got hacked by scammers",
              "the marketplace is full of scammers"],
    "mental_health": ["it was wrecking my mental health", "I waste hours scrolling and feel worse every time",
                      "doomscrolling made me anxious", "the feed makes me miserable"],
    "marketplace_business": ["my small business still runs on Facebook Marketplace",
                             "my shop gets most orders from Marketplace", "my customers are all on FB groups"],
    "privacy_law": ["only EU, UK and Korea get to opt out, we don't", "there's no opt-out outside the EU",
                    "our privacy law is not enforced", "privacy laws here have no teeth"],
    "family": ["my parents only use Facebook to stay in touch", "the whole family group is on Facebook",
               "all my family photos are there", "my relatives share hoaxes there every day"],
}
REASON_ALT = [
    "masih butuh buat jualan di Marketplace", "grup keluarga masih di fb", "kerjaan masih lewat grup fb",
    "semua kenangan foto ada di sana", "temen2 lama cuma bisa dihubungi lewat fb", "grup alumni adanya di fb",
    "info sekolah anak cuma di grup fb", "komunitas hobi {aku} di fb semua", "pelanggan {aku} di fb",
]
REASON_ALT_EN = ["my business depends on Marketplace", "my whole family is there", "it's just how I keep in touch",
                 "my kid's school group is there", "my hobby groups are all on FB"]

# Stance templates. {reason}/{reason_en} carry the theme; {dest} sentences are appended by the generator.
STANCE_TEMPLATES = {
    "deleted": [
        "{Udah} resmi {hapus} {fb} {when_past}. Alasannya simpel: {reason}.",
        "akhirnya {udah} deact {fb} {when_past}, {karena} {reason}",
        "Done, akun {aku} {udah} hilang. {Gak} nyesel sama sekali, {reason}.",
        "Barusan bantuin {ortu} {hapus} {fb} beliau, {karena} {reason}.",
        "{udah} kuhapus permanen {fb} setelah {years} tahun. {reason}.",
        "Update: {fb} {aku} {udah} gone, request penghapusan {udah} diproses 30 hari. {reason}.",
        "dah apus {fb} {when_past}, rasanya {lega} {bgt}. {reason}",
        "Resmi keluar dari fb {when_past}. {reason}, cukup sudah.",
        "{Aku} {udah} {hapus} {fb} {when_past} {karena} {reason}. {Lega} {bgt}.",
        "{when_past} akhirnya {aku} {deact} {fb}. {reason}, {gak} kuat lagi.",
        "Fix {udah} {hapus} {fb}, {when_past} klik tombol hapus permanen. {reason}.",
        "Tadi bantu {ortu} {hapus} akun fb nya, {karena} {reason}.",
        "{Udah} seminggu {aku} {hapus} {fb} dan hidup {lega} {bgt}. {reason}.",
        "Akhirnya {hapus} {fb} juga {when_past}. {reason}, bye Meta.",
    ],
    "deleted_en": [
        "I finally deleted {fb_en} {when_past_en}. {reason_en}.",
        "Deleted {fb_en} {when_past_en} after {years_en} years. {reason_en}.",
        "Done. I've deleted {fb_en}, {reason_en}.",
        "Just deactivated {fb_en} {when_past_en} and it feels great. {reason_en}.",
    ],
    "deleted_mix": [
        "{udah} delete {fb} {when_past}, no regrets. {reason}.",
        "Finally deleted my account {when_past}, {karena} {reason}. Feels good{lol}.",
        "Officially out dari fb. {reason}. Bye Meta!",
    ],
    "intends": [
        "Besok mau {hapus} {fb}, tinggal backup foto dulu. {reason}.",
        "otw {hapus} {fb} {when_future}, {udah} {muak} {reason}",
        "{Aku} bakal deact {fb} {when_future}. {reason}.",
        "Fix {when_future} {aku} {hapus} fb, lagi download arsip datanya dulu. {reason}.",
        "nanti {when_future} {aku} apus fb, {udah} niat {bgt} pokoknya. {reason}",
        "Setelah backup semua kenangan, {aku} akan {hapus} {fb}. {reason}.",
        "{Aku} udah mutusin mau {hapus} {fb} {when_future}, {karena} {reason}.",
        "Rencana {when_future} {hapus} {fb}. {reason}.",
        "Lagi download arsip data, abis itu {fb} {aku} {hapus}. {reason}.",
        "Siap2 {hapus} {fb} {when_future}, {reason}.",
        "{Aku} bakal bantu {ortu} {hapus} {fb} {when_future}, {karena} {reason}.",
    ],
    "intends_en": [
        "Planning to delete {fb_en} {when_future_en}. {reason_en}.",
        "I will delete {fb_en} {when_future_en}, {reason_en}.",
        "Decided to quit Facebook {when_future_en}. {reason_en}.",
    ],
    "intends_mix": [
        "Fix {when_future} mau delete {fb}, {reason}. Wish me luck{lol}",
        "Gonna delete {fb} {when_future}, {karena} {reason}.",
    ],
    "considering": [
        "Worth it {gak}{sih} {hapus} {fb}? {Aku} masih mikir {karena} {reason}.",
        "Lagi nimbang2 mau {hapus} fb atau engga, {reason} {tapi} masih butuh buat kerja.",
        "Kalau {aku} {hapus} {fb}, foto2 lama gimana ya? Masih ragu. {reason}.",
        "Pengen {hapus} fb {karena} {reason}, {tapi} {reason_alt}. Gimana menurut {kalian}?",
        "Kepikiran deact {fb} {karena} {reason}, ada {yg} {udah} coba?",
        "Perlu {gak}{sih} apus {fb}? {reason}, {tapi} {reason_alt}.",
        "Masih ragu mau {hapus} {fb} atau {gak}. {reason}.",
        "{Aku} mikir2 buat {hapus} {fb}, {reason}. Tapi sayang kenangannya.",
        "Hapus {fb} worth it {gak}? {reason}, {tapi} {reason_alt}.",
        "Galau mau deact {fb} {karena} {reason}. Ada saran?",
    ],
    "considering_en": [
        "Is it worth deleting {fb_en} if {reason_en}? Still on the fence.",
        "Should I delete {fb_en}? {reason_en} but {reason_alt_en}.",
        "Thinking about deleting {fb_en}, {reason_en}. Not sure yet.",
    ],
    "considering_mix": [
        "Should I delete {fb}{sih}? {reason}, {tapi} masih ragu.",
        "Worth it {gak} delete {fb}? {reason}{lol}",
    ],
    "urges": [
        "Ayo {hapus} {fbx} {kalian}! {reason}.",
        "{Kalian} mending {hapus} fb {skrg} juga, {reason}.",
        "Yuk rame2 tinggalkan facebook, {reason}.",
        "{Kalian} harus {hapus} {fbx} sebelum 16 Desember, {reason}!",
        "Saatnya boikot Meta. {Hapus} akun, jangan kasih data kita gratis. {reason}.",
        "Share ke grup keluarga: {hapus} {fbx} {skrg}, {reason}.",
        "Buat {kalian} {yg} masih pake fb: {hapus} {skrg}, {reason}.",
        "Ayo {kalian}, {hapus} akun fb rame2. {reason}.",
        "Plis {hapus} {fbx} {kalian}, {reason}.",
        "Kenapa masih pake fb? {Hapus} aja, {reason}.",
        "Mending {hapus} {fbx} dari {skrg}. {reason}.",
    ],
    "urges_en": [
        "Everyone should delete Facebook now. {reason_en}.",
        "If you still have a Facebook account, please delete it. {reason_en}.",
        "Delete your Facebook, {reason_en}.",
    ],
    "urges_mix": [
        "Guys please delete {fbx} kalian {skrg}, {reason}.",
        "Just delete {fbx} {kalian}, {reason}{lol}.",
    ],
    "staying": [
        "{Gak} bakal {hapus} {fb}, lebay {bgt} pada panik soal {reason}. {reason_alt}.{stay_tail}",
        "Ngapain {hapus} fb cuma gara2 {reason}? Data kita {udah} kemana2 juga. Percuma.{stay_tail}",
        "Dulu sempet deact {karena} {reason}, {skrg} balik lagi ke fb, {reason_alt}.{stay_tail}",
        "Tau kok {reason}, {tapi} {aku} tetep pake {fb}, {reason_alt}. Tinggal matiin aja fitur AI-nya.{stay_tail}",
        "{Gak} jadi {hapus} fb, walaupun {reason}. Ternyata {reason_alt}.{stay_tail}",
        "{Hapus} akun {gak} ngubah apa2, {reason} juga tetep kejadian. Meta tetep punya data kita.{stay_tail}",
        "{Aku} {gak} akan {hapus} {fb} walau {reason}, {reason_alt}.{stay_tail}",
        "Tetep {gak} {hapus} fb meski {reason}. {reason_alt}. Matiin aja setelan AI-nya.{stay_tail}",
        "Balik lagi ke fb {when_past}. Soal {reason} ya udahlah, {reason_alt}.{stay_tail}",
        "Percuma {hapus} {fb} gara2 {reason}, data kita {udah} dijual dari dulu.{stay_tail}",
    ],
    "staying_en": [
        "Never deleting {fb_en}. Yes, {reason_en}, but {reason_alt_en}.{stay_tail_en}",
        "Not going to delete {fb_en} just because {reason_en}. {reason_alt_en}.{stay_tail_en}",
        "I'm keeping {fb_en} even if {reason_en}. I'll just turn off the AI stuff.{stay_tail_en}",
        "Deleting {fb_en} won't change anything. {reason_en}? Meta already has our data anyway.{stay_tail_en}",
    ],
    "staying_mix": ["{Gak} jadi delete {fb} walau {reason}, {reason_alt}{lol}."],
    # news headlines by theme ("news:<theme>"); {news_lead}/{news_tail} add the sharer's lead-in and source
    "news:ai_chat_ads": [
        "{news_lead}Meta akan gunakan percakapan dengan Meta AI untuk iklan mulai 16 Desember{news_tail}",
        "{news_lead}Meta: fitur AI chat untuk iklan tidak berlaku di Uni Eropa, Inggris dan Korea Selatan{news_tail}",
        "{news_lead}YLKI minta Meta buka opsi menolak iklan berbasis chat AI{news_tail}",
        "{news_lead}Tagar #hapusakunfacebook trending, {many} warganet tolak iklan dari chat Meta AI{news_tail}",
    ],
    "news:ai_training": [
        "{news_lead}Pakar: data {many} pengguna Facebook di Indonesia dipakai latih AI{news_tail}",
        "{news_lead}Meta akui postingan publik dipakai untuk melatih model AI{news_tail}",
        "{news_lead}Foto pengguna Facebook jadi data training AI, Komdigi diminta bertindak{news_tail}",
    ],
    "news:dead_personas": [
        "{news_lead}Meta dapat paten AI yang meniru pengguna yang sudah meninggal{news_tail}",
        "{news_lead}Paten Meta: persona AI dari akun almarhum bisa terus posting{news_tail}",
        "{news_lead}Warganet resah akun keluarga yang meninggal bisa dijadikan AI{news_tail}",
    ],
    "news:scams": [
        "{news_lead}Penipuan lewat iklan Facebook naik {pct2}, OJK ingatkan warga{news_tail}",
        "{news_lead}Polisi {city} ungkap penipuan lewat akun Facebook kloningan{news_tail}",
        "{news_lead}Iklan investasi bodong marak di Facebook, {many} korban lapor{news_tail}",
    ],
    "news:mental_health": [
        "{news_lead}Survei: {pct} pengguna muda merasa cemas setelah scroll media sosial{news_tail}",
        "{news_lead}Psikolog: detoks media sosial bantu kurangi overthinking{news_tail}",
    ],
    "news:marketplace_business": [
        "{news_lead}Pelaku UMKM {city} khawatir kehilangan pembeli jika tinggalkan Facebook{news_tail}",
        "{news_lead}Penjual Marketplace: {pct} pesanan masih datang dari Facebook{news_tail}",
    ],
    "news:privacy_law": [
        "{news_lead}DPR minta Komdigi panggil Meta soal data pribadi{news_tail}",
        "{news_lead}Komdigi panggil Meta soal penggunaan data untuk AI{news_tail}",
        "{news_lead}Pakar hukum: UU PDP belum bisa paksa Meta buka opsi menolak{news_tail}",
    ],
    "news:family": [
        "{news_lead}Grup keluarga di Facebook jadi alasan warga {city} bertahan{news_tail}",
        "{news_lead}Orang tua paling sulit diajak tinggalkan Facebook, kata survei{news_tail}",
    ],
    "news_en:ai_chat_ads": [
        "{news_lead_en}Meta confirms AI chat data will personalise ads from December{news_tail}",
        "{news_lead_en}Meta's AI ad targeting does not apply in the EU, UK and South Korea{news_tail}",
    ],
    "news_en:ai_training": ["{news_lead_en}Meta says public posts train its AI models{news_tail}"],
    "news_en:dead_personas": ["{news_lead_en}Meta patent describes AI that simulates users after death{news_tail}"],
    "news_en:scams": ["{news_lead_en}Scam ads on Facebook surge in Southeast Asia{news_tail}"],
    "news_en:privacy_law": [
        "{news_lead_en}Indonesians join calls to delete Facebook over AI ads and privacy{news_tail}",
    ],
    "howto": [
        "{ask}cara download arsip data {fbx} sebelum {hapus} akun gimana ya?{howto_ctx}",
        "{ask}bedanya nonaktifkan sama {hapus} akun fb apa{sih}?{howto_ctx}",
        "{ask}kalau {fbx} dihapus, akun Messenger ikut ilang {gak}?{howto_ctx}",
        "{tut_lead}Pengaturan > Pusat Akun > Kepemilikan dan kontrol akun > {howto_step}.{tut_tail}",
        "{ask}berapa lama{sih} proses penghapusan {fbx} sampai permanen?{howto_ctx}",
        "{ask}cara matiin iklan berbasis Meta AI di pengaturan gimana ya?{howto_ctx}",
        "{ask}kalau {hapus} fb, akun IG {yg} nyambung ikut kehapus {gak}?{howto_ctx}",
        "{ask}ada {yg} tau cara backup foto fb ke {backup}?{howto_ctx}",
        "{ask}gimana cara keluar dari Pusat Akun Meta tanpa {hapus} IG?{howto_ctx}",
        "{ask}cara {hapus} {fbx} {ortu} {yg} lupa password gimana?{howto_ctx}",
        "{ask}akun {ortu} {udah} meninggal, cara minta akunnya dijadiin akun kenangan gimana?{howto_ctx}",
        "{ask}kalau {aku} {deact} dulu, data {aku} masih dipake Meta AI {gak}?{howto_ctx}",
        "{ask}file arsip fb {aku} {years} GB, bukanya pake apa ya?{howto_ctx}",
        "{ask}tombol hapus akun di aplikasi fb {skrg} pindah ke mana{sih}?{howto_ctx}",
    ],
    "howto_en": [
        "{ask_en}how do I export my Facebook photos before deleting?{howto_ctx_en}",
        "{ask_en}does deleting Facebook also delete Messenger?{howto_ctx_en}",
        "{ask_en}how long until a deleted Facebook account is gone for good?{howto_ctx_en}",
        "{ask_en}where is the delete account button in the {device} app now?{howto_ctx_en}",
        "{ask_en}will deleting FB also remove my Instagram?{howto_ctx_en}",
        "{ask_en}how do I turn off AI-based ads in Meta's settings?{howto_ctx_en}",
    ],
    "offtopic": [
        "Ada rekomendasi {food} enak di {city}?{off_tail}",
        "Macet parah di {road} {daytime} ini{off_tail}",
        "Harga {staple} naik lagi ya di pasar {city}{off_tail}",
        "lagi nyari kerja remote, ada info? {Aku} di {city}{off_tail}",
        "Hujan deres dari {daytime} di {city}, banjir lagi deh{off_tail}",
        "Rekomendasi HP {price} buat {ortu} dong{off_tail}",
        "Ada {yg} tau {food} {yg} buka jam segini di {city}?{off_tail}",
        "Motor mogok di {road}, ada bengkel deket situ?{off_tail}",
        "Listrik mati lagi di {city} {daytime} ini{off_tail}",
        "Tiket kereta ke {city} {off_when} {udah} abis aja{off_tail}",
        "Kos di {city} {price} sebulan masuk akal {gak}?{off_tail}",
        "Timnas main {off_when}, nobar di mana ya di {city}?{off_tail}",
        "Gaji UMR {city} cukup {gak}{sih} buat hidup sendiri?{off_tail}",
        "{Aku} baru pindah ke {city}, {food} {yg} enak di mana ya?{off_tail}",
        "Mudik ke {city} {off_when} lewat {road} macet {gak} ya?{off_tail}",
        "Ojol di {city} {daytime} gini susah {bgt} dapetnya{off_tail}",
    ],
    "offtopic_en": [
        "Anyone watching the Timnas match {off_when_en}?{off_en_tail}",
        "Any good {food} spots in {city}?{off_en_tail}",
        "Traffic in {city} is insane {when_past_en}.{off_en_tail}",
        "Looking for a remote job, I'm based in {city}. Any leads?{off_en_tail}",
        "Is {price} a fair rent for a room in {city}?{off_en_tail}",
        "Power cut again in {city} {when_past_en}.{off_en_tail}",
    ],
}
FOODS = ["bakso", "mie ayam", "nasi padang", "seblak", "sate", "soto", "martabak", "gudeg", "rawon", "pecel lele",
         "nasi goreng", "ayam geprek", "batagor", "siomay", "pempek", "kopi susu", "bubur ayam", "nasi uduk"]
ROADS = ["tol Cikampek", "Sudirman", "tol Jagorawi", "Gatsu", "jalan Dago", "Pasteur", "tol dalam kota",
         "Daan Mogot", "Margonda", "Kalimalang", "jalan Magelang", "A. Yani", "Ring Road", "Ciledug"]
STAPLES = ["beras", "cabe", "telur", "minyak goreng", "bawang", "gula", "daging ayam", "gas elpiji"]
PRICES = ["2 jutaan", "1,5 jutaan", "3 jutaan", "1 juta", "800rb", "4 jutaan", "5 jutaan"]
ASK = ["", "", "Mau nanya dong, ", "Numpang tanya, ", "Halo {kalian}, ", "Permisi, ", "Sori nubie, ",
       "Tanya dong, ", "Maaf mau tanya, ", "Help, ", "Gengs, "]
ASK_EN = ["", "", "Quick question: ", "Help: ", "Sorry if this was asked before, ", "Noob question: ", "Hi all, "]
HOWTO_CTX = ["", "", "", " {Aku} pake HP {device}.", " Akun {aku} dari {year}.",
             " Udah nyoba dari {when_past} tapi gagal.",
             " Makasih!", " Thx.", " 🙏", " Mohon pencerahannya.", " Pake {device}{sih}.", " Buat akun {ortu}."]
STAY_TAILS = ["", "", "", " Santai aja.", " Mending matiin fitur AI-nya.", " {Aku} sih tetep.", " Lebay.",
              " Yang penting hati2 posting.", " Udah {years} tahun pake, aman2 aja.", " Panik berjamaah doang.",
              " Bentar lagi juga pada balik.", " Ikut2an doang kebanyakan."]
STAY_TAILS_EN = ["", "", " Relax.", " Just be careful what you post.", " Everyone will be back in a month.",
                 " Been on it {years_en} years, no issues."]
HOWTO_CTX_EN = ["", "", " I'm on {device}.", " Thanks!", " Asking for my {relative_en}.", " Account from {year}.",
                " Tried since {when_past_en}, no luck.", " Using {device}."]
RELATIVES_EN = ["mom", "dad", "grandma", "aunt", "uncle", "sister", "brother", "in-laws"]
TUT_LEADS = ["Tutorial: ", "Tutorial {hapus} {fb}: ", "Caranya: ", "Buat {yg} nanya: ", "Step by step: ",
             "Gampang kok: ",
             "Buat {kalian} {yg} bingung: "]
TUT_TAILS = ["", "", " Selesai.", " Tunggu 30 hari.", " Jangan lupa download arsip dulu.", " Gampang kan.",
             " Semoga membantu 🙏", " Kalau di {device} menunya sama.", " Dicoba {when_past} masih bisa."]
HOWTO_STEPS = ["Hapus akun", "Nonaktifkan atau hapus", "Hapus akun > Lanjutkan", "Penonaktifan dan penghapusan"]
BACKUP = ["Google Photos", "Google Drive", "laptop", "hardisk", "flashdisk", "iCloud", "OneDrive"]
DEVICES = ["Android", "iPhone", "Samsung", "Xiaomi", "Oppo", "Vivo", "laptop", "Infinix", "Realme"]
OFF_WHEN = ["besok", "minggu depan", "nanti malem", "lusa", "akhir bulan", "pas libur panjang", "tanggal merah nanti",
            "weekend ini", "pas lebaran", "malam minggu"]
OFF_WHEN_EN = ["tonight", "tomorrow", "this weekend", "next week"]
OFF_EN_TAILS = ["", "", "", " Thanks!", " lol", " Asking for a friend.", " 🙏", " Cheers.",
                " Help a {city} newbie out.", " Been here since {year}.", " 😅"]
OFF_TAIL = ["", "", "", " 🙏", " 😭", " wkwk", " hadeh", "??", " btw", " 😅", " Thx.", " pls"]
NEWS_LEADS = ["", "", "", "[Berita] ", "{outlet}: ", "{outlet}: ", "[{outlet}] ", "Baru baca: ", "Info: ", "FYI ",
              "Berita hari ini: ", "BREAKING: ", "Dari {outlet}: ", "Update: "]
NEWS_LEADS_EN = ["", "{outlet}: ", "{outlet}: ", "Via {outlet}: ", "Reading: "]
NEWS_TAILS = ["", "", "", " | {outlet}", " - {outlet}", " ({outlet})", " - {outlet} {news_date}", " | {news_date}",
              " (via {outlet})"]
NEWS_DATES = ["1/10/2025", "2/10/2025", "16/12/2025", "17/12/2025", "14/2/2026", "15/2/2026", "20/2/2026",
              "5 Okt 2025", "18 Des 2025", "16 Feb 2026", "3 Nov 2025", "9 Jan 2026", "2 Mar 2026"]
MANY = ["ribuan", "ratusan ribu", "jutaan", "puluhan ribu", "belasan ribu", "50 ribu", "100 ribu", "2 juta"]
PCTS2 = ["20%", "35%", "dua kali lipat", "40 persen", "3 kali lipat", "15 persen", "60%"]
DAYTIMES = ["pagi", "sore", "malem", "siang", "pagi2", "subuh"]
PCTS = ["3 dari 10", "4 dari 10", "1 dari 4", "sepertiga", "2 dari 10", "separuh"]

# Titles of submissions (Reddit only; X has no titles).
TITLES = {
    "deleted": ["Akhirnya {hapus} FB", "{Udah} deact, AMA", "Finally deleted Facebook", "{Hapus} akun FB: pengalaman",
                "{Udah} {hapus} fb {when_past}", "Pengalaman {hapus} fb setelah {years} tahun", "Bye fb"],
    "intends": ["Mau {hapus} FB minggu ini", "Rencana keluar dari Facebook", "Planning to quit FB",
                "Otw {hapus} fb", "Siap2 {hapus} akun fb"],
    "considering": ["Worth it {hapus} FB?", "{Hapus} FB atau nggak?", "Should I delete Facebook?",
                    "Galau mau {hapus} fb", "Perlu {gak}{sih} {hapus} fb?"],
    "urges": ["Ayo {hapus} akun FB", "#hapusakunfacebook", "Boikot Meta sekarang", "Ayo tinggalkan fb",
              "PSA: {hapus} fb kalian"],
    "staying": ["Kenapa {aku} {gak} {hapus} FB", "Unpopular opinion: {hapus} FB percuma", "Balik lagi ke FB",
                "{Gak} jadi {hapus} fb"],
    "news": ["[Berita] Meta AI dan iklan", "Meta patent AI orang meninggal", "Komdigi vs Meta", "[{outlet}] soal Meta",
             "Berita hari ini soal Meta", "{outlet}: Meta dan data kita"],
    "howto": ["Tanya: cara {hapus} akun FB", "Backup data FB gimana?", "Deactivate vs delete?", "Tanya soal Pusat Akun",
              "Help: {hapus} fb tanpa ilang IG"],
    "offtopic": ["Random thread", "Daily chat", "Tanya dong", "Info {city}", "Curhat", "Thread santai {when_past}"],
}

# --- noise: automated posts, copy-paste chains, spam --------------------------------------------------------
# paper.li-style digests (English and Indonesian), posted by bots with a fresh short link each time.
DIGEST_NAMES = ["Privacy", "Tekno", "Digital Rights", "Social Media", "Tech", "Marketing", "Startup",
                "Cyber Security", "Data", "Jakarta Tech", "AI", "Media", "Netizen", "Bisnis Digital", "UMKM"]
DIGEST_OWNERS = ["The", "The", "The", "Ardi's", "Nusantara", "The Daily", "Rina's", "Budi's", "Indo", "Asia",
                 "The Jakarta", "SEA", "Galih's", "Dewi's"]
DIGEST_TEMPLATES = [
    "The latest {owner} {name} Daily! {link} Thanks to {mention} {tag}",
    "The latest {owner} {name} Daily! {link} {tag} {tag2}",
    "The latest {owner} {name} News! {link} Thanks to {mention} {mention2} {tag}",
    "Edisi terbaru {owner} {name} Harian! {link} {tag}",
]
# Link-sharing bots: the same headline again and again with a new link and rotating hashtags.
BOT_HEADLINES = {
    "ai_chat_ads": ["Meta Akan Pakai Percakapan AI untuk Iklan, Begini Cara Menolaknya",
                    "Mulai 16 Desember, Chat dengan Meta AI Dipakai untuk Iklan"],
    "ai_training": ["Meta Latih AI Pakai Postingan Publik Pengguna Indonesia"],
    "dead_personas": ["Paten Meta: AI yang Meniru Pengguna yang Sudah Meninggal"],
    "scams": ["Waspada Penipuan Lewat Iklan Facebook, Ini Ciri-cirinya"],
    "privacy_law": ["Komdigi Panggil Meta Soal Data Pribadi dan AI", "UU PDP dan Nasib Data Kita di Facebook"],
}
# Copy-paste chain messages (forwarded from family/alumni groups), with the prefixes and suffixes people add.
CHAINS = [
    ("urges", "ai_chat_ads", "PENTING!! Mulai 16 Desember semua chat kita dengan Meta AI dipakai untuk iklan. "
     "Hapus akun FB sebelum tanggal itu. Sebarkan ke keluarga"),
    ("urges", "dead_personas", "Meta mau bikin AI dari akun orang yang sudah meninggal. Kalau tidak mau akun "
     "almarhum keluarga dijadikan bot, hapus akunnya sekarang"),
    ("urges", "ai_training", "Info dari teman IT: semua foto kita di FB dipakai untuk melatih AI. "
     "Ayo hapus akun FB sebelum terlambat"),
    ("urges", "privacy_law", "Orang Eropa bisa menolak, kita tidak. Ayo boikot Meta, hapus akun FB kalian"),
]
CHAIN_PREFIXES = ["", "", "Copas dari grup sebelah: ", "Dari grup alumni: ", "Info penting!! ", "Fwd: ",
                  "Copas ya: ", "Dapet dari grup RT: "]
CHAIN_SUFFIXES = ["", "", " 🙏", " 🙏🙏", "!!", " Sebarkan!!", ". Terima kasih", " #hapusakunfacebook"]

SPAM = [
    "JUAL AKUN FB TUA MURAH 2010-2015 full pertemanan, minat WA 0812xxxx",
    "Dapatkan cuan 5jt/hari dari rumah!!! klik link di bio",
    "Promo followers IG murah, garansi 30 hari, DM sekarang",
]

SUBREDDITS = ["indonesia", "indonesia", "indonesia", "indonesia", "indotech", "jakarta", "finansial",
              "bandung", "surabaya", "technology", "privacy", "facebook"]
