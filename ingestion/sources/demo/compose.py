"""Post text for the demo corpus: organic posts built from clauses, and the automated posts real feeds carry.

An organic post is ``[opener] stance clause (with its reason) [detail sentence] [destination sentence]
[closer: laugh, emoji, hashtags, link]``, each part optional where real posts make it optional, with
spelling variants, code-mixing, all-lower-case typing and the odd keyboard slip. The stance clause and
its reason carry the generator's truth; the rest is filler that never changes stance, theme or
destination. Automated posts: paper.li-style digests, link-sharing bots repeating one headline, and
retweets of earlier posts; copy-paste chain messages are near-duplicates typed by people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ingestion.sources.demo import banks as B
from ingestion.sources.demo.text import Slots, capitalise, draw, draw_grouped, join_nonempty, random_slugs, render, typo

# Share of posts per language variant of the stance clause: Indonesian, English, code-mixed.
LANG_P = {"id": 0.78, "en": 0.12, "mix": 0.10}
SHARE_OPENER = 0.3
SHARE_DETAIL = 0.3
SHARE_LOWER = 0.3
SHARE_TYPO = 0.1
# emoji tone per stance kind (codebook §4: relief is positive, anger negative, questions neutral)
TONE = {
    "deleted": ("pos", "pos", "neg"),
    "intends": ("neg", "pos", "neu"),
    "considering": ("neu",),
    "urges": ("neg", "neg", "pos"),
    "staying": ("neu", "neg"),
    "news": (),
    "howto": ("neu",),
    "offtopic": ("neu", "pos", "neg"),
}
# stance kinds whose posts may carry the movement's hashtags (never `staying` or the stance-less kinds)
MOVEMENT_TAGGED = ("deleted", "intends", "considering", "urges")
_KEEP_CAPITAL = (
    "Meta",
    "Facebook",
    "Deleted",
    "Done",
    "Kominfo",
    "Komdigi",
    "Reuters",
    "TechCrunch",
    "Tutorial",
    "Survei",
    "Tagar",
    "Timnas",
    "I",
    "If",
    "UU",
    "Officially",
)


def _flat(banks: dict[str, list[str]]) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """All templates in one list plus (offset, count) per key, so one id array addresses any bank."""
    flat: list[str] = [""]
    spans: dict[str, tuple[int, int]] = {}
    for key, bank in banks.items():
        spans[key] = (len(flat), len(bank))
        flat.extend(bank)
    return flat, spans


def _ids(rng: np.random.Generator, keys: np.ndarray, spans: dict[str, tuple[int, int]]) -> np.ndarray:
    """Per row: a uniformly drawn template id within the row's key (0, the empty template, if none)."""
    u = rng.random(len(keys))
    keyed = pd.Series(keys, dtype=object)
    offset = keyed.map({k: v[0] for k, v in spans.items()}).fillna(0).to_numpy(dtype=np.int64)
    count = keyed.map({k: v[1] for k, v in spans.items()}).fillna(0).to_numpy(dtype=np.int64)
    return offset + (u * count).astype(np.int64)


def isin(values: np.ndarray, options) -> np.ndarray:
    """``np.isin`` for object arrays of strings, by hashing instead of sorting."""
    return pd.Series(values, dtype=object).isin(list(options)).to_numpy()


_STANCE_FLAT, _STANCE_SPANS = _flat(B.STANCE_TEMPLATES)
_THEME_FLAT, _THEME_SPANS = _flat(B.THEMES)
_THEME_EN_FLAT, _THEME_EN_SPANS = _flat(B.THEMES_EN)
_TITLE_FLAT, _TITLE_SPANS = _flat(B.TITLES)


def slot_values(rng: np.random.Generator, n: int) -> Slots:
    """One draw per post of every filler slot (spellings, times, places, outlets, ...)."""
    values = Slots(n)
    for name, bank in {**B.SLOTS, **B.SLOTS_EN}.items():
        values[name] = draw(rng, bank, n)
    simple = {
        "when_past": B.WHEN_PAST,
        "when_future": B.WHEN_FUTURE,
        "when_past_en": B.WHEN_PAST_EN,
        "when_future_en": B.WHEN_FUTURE_EN,
        "city": B.CITIES,
        "outlet": B.OUTLETS,
        "event": B.EVENTS,
        "year": B.YEARS,
        "era": B.ERAS,
        "friends": B.FRIENDS,
        "hour": B.HOURS,
        "station": B.STATIONS,
        "landmark": B.LANDMARKS,
        "food": B.FOODS,
        "road": B.ROADS,
        "staple": B.STAPLES,
        "price": B.PRICES,
        "pct": B.PCTS,
        "daytime": B.DAYTIMES,
        "news_date": B.NEWS_DATES,
        "many": B.MANY,
        "pct2": B.PCTS2,
        "backup": B.BACKUP,
        "device": B.DEVICES,
        "howto_step": B.HOWTO_STEPS,
        "off_when": B.OFF_WHEN,
        "off_when_en": B.OFF_WHEN_EN,
        "relative_en": B.RELATIVES_EN,
        "hour_en": B.HOURS_EN,
    }
    for name, bank in simple.items():
        values[name] = draw(rng, bank, n)
    # slots whose wording has slots of its own: rendered only for the posts whose template uses them
    nested = {
        "ask": B.ASK,
        "ask_en": B.ASK_EN,
        "howto_ctx": B.HOWTO_CTX,
        "news_lead": B.NEWS_LEADS,
        "news_lead_en": B.NEWS_LEADS_EN,
        "news_tail": B.NEWS_TAILS,
        "howto_ctx_en": B.HOWTO_CTX_EN,
        "tut_lead": B.TUT_LEADS,
        "tut_tail": B.TUT_TAILS,
        "stay_tail": B.STAY_TAILS,
        "stay_tail_en": B.STAY_TAILS_EN,
        "off_en_tail": B.OFF_EN_TAILS,
        "off_tail": B.OFF_TAIL,
        "reason_alt": B.REASON_ALT,
    }
    for name, bank in nested.items():
        values.set_nested(name, rng.integers(0, len(bank), n), bank)
    return values


def compose_organic(
    rng: np.random.Generator, kind: np.ndarray, theme: np.ndarray, dest: np.ndarray, platform: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bodies of organic posts, their language variant (id/en/mix) and each post's rendered news headline."""
    n = len(kind)
    values = slot_values(rng, n)
    langs = np.asarray(list(LANG_P), dtype=object)
    lang = langs[rng.choice(len(langs), size=n, p=list(LANG_P.values()))]

    # keyboard slips: rarer in the reason, whose few words carry the theme
    values["reason"] = typo(render(_ids(rng, theme, _THEME_SPANS), _THEME_FLAT, values), rng, SHARE_TYPO / 3)
    values["reason_en"] = render(_ids(rng, theme, _THEME_EN_SPANS), _THEME_EN_FLAT, values)
    values["reason_alt_en"] = draw(rng, B.REASON_ALT_EN, n)

    # news: a headline on the post's theme
    news = kind == "news"
    key = np.where(news, "news:" + theme.astype(object), kind).astype(object)
    news_en = np.where(news, "news_en:" + theme.astype(object), None)
    key = np.where(news & (lang == "en") & isin(news_en, B.STANCE_TEMPLATES), news_en, key)
    for variant in ("en", "mix"):
        variant_key = kind.astype(object) + "_" + variant
        has = isin(variant_key, B.STANCE_TEMPLATES) & ~news
        key = np.where((lang == variant) & has, variant_key, key)
    # a post without its own variant in that language stays Indonesian
    lang = np.where((key == kind) | (news & (key == "news:" + theme.astype(object))), "id", lang).astype(object)
    core = render(_ids(rng, key, _STANCE_SPANS), _STANCE_FLAT, values)
    formal = isin(kind, ["news", "howto", "offtopic"])
    core[formal] = capitalise(core[formal])
    english = lang == "en"

    chatty = ~isin(kind, ["news", "howto"])
    narrative = chatty & (kind != "offtopic")
    opener_bank = np.where(english, draw(rng, B.OPENERS_EN, n), draw(rng, B.OPENERS, n))
    opener = np.where(chatty & (rng.random(n) < SHARE_OPENER), opener_bank, "").astype(object)
    with_opener = np.flatnonzero(opener != "")
    lower_first = with_opener[_lowerable(core[with_opener])]
    core[lower_first] = np.array([c[:1].lower() + c[1:] for c in core[lower_first]], dtype=object)

    detail_ids = np.where(
        english, len(B.DETAILS) + rng.integers(0, len(B.DETAILS_EN), n), rng.integers(0, len(B.DETAILS), n)
    )
    detail = render(detail_ids, B.DETAILS + B.DETAILS_EN, values)
    detail = np.where(narrative & (rng.random(n) < SHARE_DETAIL), typo(detail, rng, SHARE_TYPO), "").astype(object)

    values["dest"] = draw_grouped(rng, dest.astype(object), B.DESTINATIONS)
    dest_ids = rng.integers(0, len(B.DEST_SENTENCES), n)
    dest_ids[english] = B.DEST_SENTENCES.index(" Now I'm mostly on {dest}.")
    # "no social media" is not a place to be on or move to
    no_sm = dest == "none"
    dest_ids[no_sm] = len(B.DEST_SENTENCES) + rng.integers(0, len(B.DEST_NONE_SENTENCES), int(no_sm.sum()))
    dest_sentence = render(dest_ids, B.DEST_SENTENCES + B.DEST_NONE_SENTENCES, values)
    no_sm_en = english & (dest == "none")
    dest_sentence[no_sm_en] = " No social media for me now."
    dest_sentence = np.where(_present(dest), dest_sentence, "").astype(object)

    # a clause that ends without punctuation gets a full stop before more sentences follow
    open_end = ((detail != "") | (dest_sentence != "")) & ~_ends_sentence(core)
    core[open_end] = core[open_end] + "."
    body = opener + join_nonempty(core, detail) + dest_sentence
    lower = (rng.random(n) < np.where(english, 0.1, SHARE_LOWER)) & chatty
    body[lower] = np.array([b.lower() for b in body[lower]], dtype=object)

    closer = _closers(rng, kind, lang, platform)
    body = join_nonempty(body, closer)
    # the headline a Reddit link post would carry as its title (the generator keeps it for news submissions)
    headline = render(
        _ids(rng, np.where(news, key, "news:ai_chat_ads").astype(object), _STANCE_SPANS), _STANCE_FLAT, values
    )
    return body, lang, headline


def _ends_sentence(values: np.ndarray) -> np.ndarray:
    return np.array([v[-1:] in (".", "!", "?") for v in values], dtype=bool)


def _present(values: np.ndarray) -> np.ndarray:
    return np.array([isinstance(v, str) for v in values], dtype=bool)


def _lowerable(core: np.ndarray) -> np.ndarray:
    """Clause starts with an ordinary capitalised word (not a name like Meta/Facebook or an acronym)."""
    first = np.array([c.split(" ", 1)[0].rstrip(",.:!") for c in core], dtype=object)
    ordinary = np.array([len(w) > 1 and w[0].isupper() and w[1:].islower() for w in first], dtype=bool)
    return ordinary & ~np.isin(first, _KEEP_CAPITAL)


def _closers(rng: np.random.Generator, kind: np.ndarray, lang: np.ndarray, platform: np.ndarray) -> np.ndarray:
    """Laugh, emoji, hashtags and links at the end of a post, as often as each platform has them."""
    n = len(kind)
    on_x = platform == "x"
    laugh = np.where((lang != "en") & (rng.random(n) < 0.06) & (kind != "news"), draw(rng, B.LAUGHS, n), "")
    tone = np.full(n, "", dtype=object)
    u = rng.random(n)
    for k, tones in TONE.items():
        mask = kind == k
        if tones and mask.any():
            tone[mask] = np.asarray(tones, dtype=object)[(u[mask] * len(tones)).astype(np.int64)]
    emoji = draw_grouped(rng, tone, B.EMOJI)
    repeat = rng.choice([1, 1, 1, 2, 3], size=n)
    emoji = np.where(repeat == 2, emoji + emoji, np.where(repeat == 3, emoji + emoji + emoji, emoji))
    emoji = np.where(rng.random(n) < 0.35, emoji, "").astype(object)

    tagged = rng.random(n) < np.where(on_x, 0.45, 0.08)
    movement = isin(kind, MOVEMENT_TAGGED) | (kind == "news")
    tag1 = np.where(movement, draw(rng, B.TAGS_MOVEMENT, n), draw(rng, B.TAGS_TOPIC, n))
    tag2 = np.where(rng.random(n) < 0.35, draw(rng, B.TAGS_TOPIC, n), "").astype(object)
    tags = np.where(tagged & (kind != "offtopic"), join_nonempty(tag1, tag2), "").astype(object)

    link_p = np.where(kind == "news", np.where(on_x, 0.85, 0.3), 0.03)
    link = np.where(rng.random(n) < link_p, "https://t.co/" + random_slugs(rng, n), "").astype(object)
    return join_nonempty(laugh.astype(object), emoji, tags, link)


def reply_prefix(rng: np.random.Generator, is_reply: np.ndarray) -> np.ndarray:
    """``@handle `` in front of about half the X replies (handles are scrubbed at ingestion)."""
    n = len(is_reply)
    handle = np.where(rng.random(n) < 0.3, draw(rng, B.MENTIONS, n), "@" + random_slugs(rng, n, 8))
    return np.where(is_reply & (rng.random(n) < 0.5), handle + " ", "").astype(object)


def compose_titles(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    """Submission titles by stance kind (with spelling variants)."""
    values = slot_values(rng, len(kind))
    titles = render(_ids(rng, kind.astype(object), _TITLE_SPANS), _TITLE_FLAT, values)
    lower = rng.random(len(kind)) < 0.2
    titles[lower] = np.array([t.lower() for t in titles[lower]], dtype=object)
    return titles


# --- automated posts ---------------------------------------------------------------------------------------
N_DIGEST_BOTS = 40
N_LINK_BOTS = 24
_HEADLINES = [(theme, h) for theme, hs in B.BOT_HEADLINES.items() for h in hs]


def digest_name(bot: int) -> str:
    """A digest bot's fixed paper name (``The latest {owner} {name} Daily!``)."""
    return f"{B.DIGEST_OWNERS[bot % len(B.DIGEST_OWNERS)]} {B.DIGEST_NAMES[(bot * 7) % len(B.DIGEST_NAMES)]}"


def compose_digests(rng: np.random.Generator, bots: np.ndarray) -> np.ndarray:
    """paper.li-style "The latest ... Daily!" posts: one bot, one paper name, a new link each time."""
    n = len(bots)
    values = {
        "owner": np.array([B.DIGEST_OWNERS[b % len(B.DIGEST_OWNERS)] for b in bots], dtype=object),
        "name": np.array([B.DIGEST_NAMES[(b * 7) % len(B.DIGEST_NAMES)] for b in bots], dtype=object),
        "link": "https://t.co/" + random_slugs(rng, n),
        "mention": "@" + random_slugs(rng, n, 8),
        "mention2": "@" + random_slugs(rng, n, 7),
        "tag": draw(rng, B.TAGS_MOVEMENT, n),
        "tag2": draw(rng, B.TAGS_TOPIC, n),
    }
    # each bot keeps its own wording; Indonesian bots say "Edisi terbaru"
    template = (bots % len(B.DIGEST_TEMPLATES) + rng.integers(0, 2, n) * (bots % 2)) % len(B.DIGEST_TEMPLATES)
    return render(template, B.DIGEST_TEMPLATES, values)


def link_bot_theme(bots: np.ndarray) -> np.ndarray:
    """The theme of the one headline each link bot repeats."""
    return np.array([_HEADLINES[b % len(_HEADLINES)][0] for b in bots], dtype=object)


def compose_link_bot_posts(rng: np.random.Generator, bots: np.ndarray) -> np.ndarray:
    """The bot's headline again, with a fresh short link and one or two rotating hashtags."""
    n = len(bots)
    headline = np.array([_HEADLINES[b % len(_HEADLINES)][1] for b in bots], dtype=object)
    link = "https://t.co/" + random_slugs(rng, n)
    tags = join_nonempty(
        draw(rng, B.TAGS_MOVEMENT, n), np.where(rng.random(n) < 0.5, draw(rng, B.TAGS_TOPIC, n), "").astype(object)
    )
    form = rng.integers(0, 3, n)
    return np.where(
        form == 0,
        headline + " " + link + " " + tags,
        np.where(form == 1, headline + " " + tags + " " + link, headline + ": " + link),
    ).astype(object)


def compose_retweets(rng: np.random.Generator, originals: np.ndarray) -> np.ndarray:
    """``RT @handle: <original text>`` (the handle is scrubbed to ``@[user]`` at ingestion)."""
    return "RT @" + random_slugs(rng, len(originals), 9) + ": " + originals


def compose_chains(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Copy-paste chain messages with the prefixes/suffixes people add: text, stance and theme per post."""
    which = rng.integers(0, len(B.CHAINS), n)
    stance = np.array([B.CHAINS[w][0] for w in which], dtype=object)
    theme = np.array([B.CHAINS[w][1] for w in which], dtype=object)
    text = draw(rng, B.CHAIN_PREFIXES, n) + np.array([B.CHAINS[w][2] for w in which], dtype=object)
    text = text + draw(rng, B.CHAIN_SUFFIXES, n)
    return capitalise(text), stance, theme
