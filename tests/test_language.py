"""Language labels on short, code-mixed and odd posts."""

from __future__ import annotations

import pytest

from nlp.language import LANGUAGE_LABELS, detect_language, detect_languages, language_detector_version

CASES = [
    ("udh apus fb, privacy matters bro", "id"),
    ("gw deact ig dulu ya guys", "id"),
    ("delete aja fb lo, ga guna", "id"),
    ("hapus fb worth it gak sih?", "id"),
    ("kalian harus delete account kalian sekarang", "id"),
    ("otw hapus wa", "id"),
    ("akaun facebook saya dah padam", "id"),  # Malay counts as Indonesian's close relative
    ("aku wis mbusak fb", "id"),  # Javanese likewise
    ("deleted my facebook today, feels good", "en"),
    ("never deleting fb lol", "en"),
    ("bro seriously, delete it", "en"),
    ("Meta patent for AI ghosts of dead users is creepy", "en"),
    ("bonjour tout le monde, comment allez-vous", "other"),
    ("hola amigos como estan todos", "other"),
    ("مرحبا بكم في المنتدى", "other"),
    ("你好世界，今天天气很好", "other"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_short_code_mixed_posts(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", None, "😂😂😂", "https://t.co/abc", "12345", "ok"])
def test_content_free_posts_are_other(text: object) -> None:
    assert detect_language(text) == "other"


def test_batch_matches_single_and_labels_are_closed() -> None:
    texts = [t for t, _ in CASES]
    batch = detect_languages(texts)
    assert batch == [detect_language(t) for t in texts]
    assert set(batch) <= set(LANGUAGE_LABELS)


def test_long_post_uses_head() -> None:
    text = "akhirnya gue hapus akun facebook, lega banget rasanya. " * 3000
    assert detect_language(text) == "id"


def test_version_names_detector() -> None:
    assert language_detector_version().startswith("lingua-")
