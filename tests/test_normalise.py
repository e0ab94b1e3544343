"""Normalisation: slang, leetspeak, repeated letters, masking, odd input."""

from __future__ import annotations

import pytest

from nlp.normalise import MAX_NORM_CHARS, lexicon_version, normalise_text, normalise_texts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Udh apus FB, privacy matters bro", "sudah hapus facebook, privacy matters bro"),
        ("gk jadi deact ig", "enggak jadi nonaktifkan instagram"),
        ("blm hapus wa, otw", "belum hapus whatsapp, segera"),
        ("bangeeet kesel", "banget kesel"),
        ("maaaaf ya", "maaf ya"),
        ("h4pus 4kun lo", "hapus akun lo"),
        ("akun2 gw", "akun-akun gue"),
        ("ikut2an doang", "ikut-ikutan saja"),
    ],
)
def test_slang_leet_and_repeats(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_numbers_and_units_are_not_leetspeak() -> None:
    assert normalise_text("mp3 2025 10k 24jam 5g") == "mp3 2025 10k 24jam 5g"


def test_urls_and_handles_are_masked() -> None:
    out = normalise_text("cek @budi_99 dan u/someone https://t.co/xYz www.example.com/a")
    assert out == "cek <user> dan <user> <url> <url>"


def test_denied_upstream_entries_do_not_apply() -> None:
    # indo-normalizer maps these to Indonesian words; they are English or standard here.
    assert normalise_text("make sure you see it, so kaya") == "make sure you see it, so kaya"


def test_reddit_tombstones_vanish_and_newlines_survive() -> None:
    assert normalise_text("[removed]") == ""
    assert normalise_text("Judul\n\n  isi   post") == "judul\nisi post"


@pytest.mark.parametrize("raw", [None, float("nan"), "", "   "])
def test_empty_like_input(raw: object) -> None:
    assert normalise_text(raw) == ""


def test_other_scripts_and_emoji_pass_through() -> None:
    assert normalise_text("مرحبا 你好 😂🔥") == "مرحبا 你好 😂🔥"


def test_long_posts_are_capped() -> None:
    out = normalise_text("udh " * 50_000)
    assert len(out) <= MAX_NORM_CHARS * 2
    assert out.startswith("sudah sudah")


def test_batch_and_version() -> None:
    assert normalise_texts(["gk", None]) == ["enggak", ""]
    version = lexicon_version()
    assert len(version) == 12 and version == lexicon_version()
