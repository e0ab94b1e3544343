"""nlp.text: one definition of a post's text (same as the SQL), export repairs, hashtag segmentation."""

from __future__ import annotations

import duckdb
import pytest

from nlp.text import clean_text, post_text, reading_text, segment_hashtag

PAIRS = [("Judul", "isi"), (None, "isi"), ("Judul", None), (None, None), ("", "isi"), ("  a ", " b  "), ("", "")]


def test_post_text_matches_int_posts_unioned_sql() -> None:
    # The expression of dbt_project/models/intermediate/int_posts_unioned.sql, on the same pairs.
    rows = duckdb.sql(
        "select nullif(trim(concat_ws(E'\\n\\n', title, body)), '') as text from "
        "(select unnest(?) as title, unnest(?) as body)",
        params=[[t for t, _ in PAIRS], [b for _, b in PAIRS]],
    ).fetchall()
    assert [post_text(t, b) for t, b in PAIRS] == [r[0] or "" for r in rows]
    assert post_text("Judul", "isi") == "Judul\n\nisi"
    assert post_text(float("nan"), None) == ""


def test_clean_text_repairs_exports() -> None:
    assert clean_text("Facebook &amp; Google \ufffd\ufffd ok") == "Facebook & Google    ok"
    assert clean_text(None) == ""


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("#DeleteFacebook", ("delete", "facebook")),
        ("#deletefacebook", ("delete", "facebook")),
        ("#DELETEFACEBOOK", ("delete", "facebook")),
        ("#hapusakunfacebook", ("hapus", "akun", "facebook")),
        ("#deletefb", ("delete", "fb")),
        ("#DeleteFacebookNow", ("delete", "facebook", "now")),
        ("#deleteyourfacebook", ("delete", "your", "facebook")),
        ("#qanon", ("qanon",)),
        ("#googlegestapo", ("googlegestapo",)),
    ],
)
def test_segment_hashtag(tag: str, words: tuple[str, ...]) -> None:
    assert segment_hashtag(tag) == words


def test_reading_text_masks_and_segments() -> None:
    assert reading_text("I #DeleteFacebook &amp; so should you https://t.co/x @facebook") == (
        "i #delete facebook & so should you <url> <user>"
    )
    assert reading_text("udh apus fb #hapusakunfacebook") == "sudah hapus facebook #hapus akun facebook"
