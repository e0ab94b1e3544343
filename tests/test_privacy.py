"""Pseudonyms are keyed and stable; handles never survive in text."""

from __future__ import annotations

import stat

from ingestion.privacy import (
    load_or_create_key,
    pseudonymise_author,
    pseudonymise_payload,
    scrub_handles,
)


def test_pseudonym_is_stable_keyed_and_canonical():
    key = b"secret"
    a = pseudonymise_author("Budi_Santoso", key)
    assert a == pseudonymise_author("u/budi_santoso", key) == pseudonymise_author("@Budi_Santoso", key)
    assert a != pseudonymise_author("Budi_Santoso", b"other")
    assert "budi" not in a.lower()
    assert a.startswith("anon_") and len(a) == 25


def test_missing_and_deleted_authors_have_no_pseudonym():
    for name in (None, "", "[deleted]", "[removed]", "  "):
        assert pseudonymise_author(name, b"k") is None


def test_key_from_env_wins_and_file_key_is_created_private(tmp_path):
    assert load_or_create_key(tmp_path, {"HAPUSWATCH_PSEUDONYM_KEY": "abc"}) == b"abc"
    k1 = load_or_create_key(tmp_path, {})
    k2 = load_or_create_key(tmp_path, {})
    assert k1 == k2 and len(k1) == 64
    mode = stat.S_IMODE((tmp_path / "pseudonym.key").stat().st_mode)
    assert mode == 0o600


def test_scrub_handles_in_text():
    text = "thanks u/budi_s and /u/Siti-99, cc @rina.w — mail me at a@b.com"
    out = scrub_handles(text)
    assert "budi_s" not in out and "Siti-99" not in out and "rina.w" not in out
    assert out.count("u/[user]") == 2 and "@[user]" in out
    assert "a@b.com" in out
    assert scrub_handles(None) is None
    assert scrub_handles("no handles here") == "no handles here"


def test_payload_author_fields_are_pseudonymised_recursively():
    payload = {"author": "budi", "data": {"children": [{"author_fullname": "t2_xyz", "body": "hi u/siti"}]}}
    out = pseudonymise_payload(payload, b"k")
    flat = repr(out)
    assert "budi" not in flat and "t2_xyz" not in flat and "siti" not in flat
    assert out["author"] == pseudonymise_author("budi", b"k")
