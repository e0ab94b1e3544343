"""Destinations: moving-to statements only, negation and questions, Indonesian and English, demo recall."""

from __future__ import annotations

import pytest

from ingestion.sources.demo import generate_demo_posts
from nlp.destinations import DESTINATIONS, DESTINATIONS_VERSION, destinations_of, extract_destinations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Udah hapus FB, sekarang pindah ke Telegram aja.", ["telegram"]),
        ("pindah dari fb ke twitter/x, lebih rame", ["x"]),
        ("Keluarga udah aku ajak ke grup WA", ["whatsapp"]),
        ("skrg lebih sering di insta", ["instagram"]),
        ("Mending Bluesky, lebih tenang.", ["bluesky"]),
        ("grup alumni juga udah migrasi ke Telegram dan Signal", ["telegram", "signal"]),
        ("Deleted my account. Now I'm mostly on Threads.", ["threads"]),
        ("We moved the family chat over to Signal", ["signal"]),
        ("I switched from Facebook to Mastodon last week", ["mastodon"]),
        ("find me on bsky.app instead", ["bluesky"]),
        ("udah deact, hidup tanpa sosmed ternyata enak", ["no_social_media"]),
        ("detox sosmed total mulai hari ini", ["no_social_media"]),
        ("I quit social media entirely", ["no_social_media"]),
        ("pindah ke Telegram. terus juga ke X, mending x daripada threads", ["telegram", "x"]),
    ],
)
def test_moving_statements_are_found(text, expected):
    assert destinations_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "gak mau pindah ke X, isinya toxic",
        "aku nggak akan pernah pindah ke Threads",
        "I won't switch to Threads, it's Meta too",
        "I'm not moving to Bluesky",
        "jangan pindah ke IG, sama aja punya Meta",
        "belum pindah ke telegram",
        "pindah ke Telegram? atau Signal?",
        "should I switch to Bluesky?",
        "Telegram juga punya masalah privasi",  # a mention, not a move
        "Meta punya Instagram dan WhatsApp juga",
        "aku gak bisa hidup tanpa sosmed",
        "pindah ke rumah baru minggu depan",  # moving, but not to a platform
        "",
        None,
    ],
)
def test_mentions_negations_and_questions_are_not_moves(text):
    assert destinations_of(text) == []


def test_negation_belongs_to_its_own_phrase():
    # "gak" negates "produktif", not the move that follows
    assert destinations_of("doomscrolling bikin gak produktif now i'm mostly on ig") == ["instagram"]
    assert destinations_of("we don't get to opt out 😅 mending x, lebih tenang") == ["x"]


def test_extract_keeps_order_and_length_and_uses_canonical_ids():
    texts = ["pindah ke tele aja", None, "moving to tik tok lol", "no social media for me"]
    out = extract_destinations(texts)
    assert out == [["telegram"], [], ["tiktok"], ["no_social_media"]]
    assert all(d in DESTINATIONS for row in out for d in row)
    assert DESTINATIONS_VERSION.startswith("dest")


def test_demo_corpus_destinations_are_recovered():
    df = generate_demo_posts(4000, seed=7)
    texts = [" ".join(x for x in (t, b) if isinstance(x, str)) for t, b in zip(df["title"], df["body"], strict=True)]
    found = extract_destinations(texts)
    tp = fp = fn = 0
    for truth, got, text in zip(df["gen_destination"], found, texts, strict=True):
        want = (
            set()
            if not isinstance(truth, str) or text.strip() in ("[deleted]", "[removed]", "")
            else {"no_social_media" if truth == "none" else truth}
        )
        tp += len(want & set(got))
        fp += len(set(got) - want)
        fn += len(want - set(got))
    assert tp > 100
    assert tp / (tp + fp) > 0.97
    assert tp / (tp + fn) > 0.95
