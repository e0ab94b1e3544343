"""Real exports as they are: the 2018 #DeleteFacebook tweets, and the cases of issue 9 one by one."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ingestion.collect import import_file
from ingestion.settings import Settings
from orchestration.cli import import_main

REAL_TWEETS = Path(__file__).parent / "fixtures" / "imports" / "deletefacebook_2018" / "tweets.csv"


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("HAPUSWATCH_PSEUDONYM_KEY", "test-key")
    return Settings.from_env({"HAPUSWATCH_DATA_DIR": str(tmp_path / "data"), "HAPUSWATCH_SOURCES": "files"})


def q(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_real_2018_tweets_import_as_they_are(settings, capsys):
    with open(REAL_TWEETS, newline="", encoding="utf-8") as fh:
        source = list(csv.DictReader(fh))
    assert len(source) == 1642
    code = import_main([str(REAL_TWEETS), "--format", "csv", "--platform", "twitter"], settings)
    out = capsys.readouterr().out
    assert code == 0 and "detected encoding: utf-8" in out
    assert "loaded 1641 new" in out and "quarantined 1 of 1642 rows" in out

    loaded = pd.DataFrame(
        q(settings, "select post_id, created_at, created_at_source, author_pseudonym, body, score "
                    "from raw.file_posts"),
        columns=["post_id", "created_at", "created_at_source", "author_pseudonym", "body", "score"],
    )
    assert len(loaded) >= 0.99 * len(source) and loaded["post_id"].is_unique
    by_id = {r["id"]: r for r in source}
    given = loaded[loaded["created_at_source"] == "source"]
    derived = loaded[loaded["created_at_source"] == "snowflake_id"]
    assert len(derived) == sum(r["created"] == "NA" for r in source) == 786
    # every exported date is kept as it is ...
    assert all(str(c) == by_id[p]["created"] for p, c in zip(given["post_id"], given["created_at"], strict=True))
    # ... and the snowflake rule reproduces it to the second, so the derived dates are right too
    ms = [(int(p) >> 22) + 1288834974657 for p in given["post_id"]]
    gap = (pd.to_datetime(ms, unit="ms") - pd.to_datetime(given["created_at"].to_numpy())).total_seconds()
    assert gap.min() >= 0 and gap.max() < 1
    window = (pd.Timestamp("2018-03-29"), pd.Timestamp("2018-04-07"))
    assert derived["created_at"].between(*window).all()
    assert loaded["author_pseudonym"].isna().all()  # no author column: nobody, not one pseudonymous author
    assert loaded["score"].notna().all()
    assert not loaded["body"].str.contains("&amp;", regex=False).any()
    assert loaded["body"].str.contains("&", regex=False).sum() >= 30  # the entities became '&'

    assert q(settings, "select line_no, record_id, reason from raw.quarantine") == [
        (569, "9.79684791217e+17", "id in float notation, precision lost: '9.79684791217e+17'")
    ]
    again = import_file(REAL_TWEETS, settings, fmt="csv", platform="twitter")
    assert (again.loaded, again.updated, again.unchanged, again.quarantined) == (0, 0, 1641, 1)
    assert q(settings, "select count(*) from raw.quarantine") == [(1,)]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_without_author_column_then_with_one(settings, tmp_path):
    """The BinderException of the issue: no author column at all, then authors for the same ids."""
    first = _write(tmp_path / "a.csv", "id,created,text\n1,2026-02-12T10:00:00Z,hapus fb\n")
    assert import_file(first, settings, platform="x").loaded == 1
    second = _write(tmp_path / "b.csv", "id,created,text,author\n1,2026-02-12T10:00:00Z,hapus fb,budi\n"
                                        "2,2026-02-12T11:00:00Z,deact fb,NA\n")
    report = import_file(second, settings, platform="x")
    assert (report.loaded, report.unchanged) == (1, 1)
    authors = dict(q(settings, "select post_id, author_pseudonym from raw.file_posts"))
    assert authors["1"].startswith("anon_") and authors["2"] is None


def test_generic_csv_defects_are_quarantined_with_reasons_and_lines(settings, tmp_path):
    path = _write(
        tmp_path / "generic.csv",
        "id,created,text,author\n"
        "ok1,2026-02-12T09:00:00Z,Q&amp;A hapus fb,budi\n"
        "bad_cols,2026-02-12T10:00:00Z\n"
        "too_many,2026-02-12T10:00:00Z,teks,siti,extra\n"
        "empty,2026-02-12T11:00:00Z,,agus\n"
        "ok2,2026-02-12T12:00:00Z,\"dua\nbaris\",NA\n"
        "nodate,NA,teks tanpa tanggal,dewi\n",
    )
    report = import_file(path, settings, platform="facebook")
    assert (report.loaded, report.quarantined, report.rows_read) == (2, 4, 6)
    reasons = q(settings, "select line_no, reason, payload from raw.quarantine order by line_no")
    assert [(r[0], r[1]) for r in reasons] == [
        (3, "wrong number of fields (2, header has 4)"),
        (4, "wrong number of fields (5, header has 4)"),
        (5, "no text (empty body and no title)"),
        (8, "missing created_at"),  # not X: no snowflake to read a date from
    ]
    assert "siti" not in reasons[1][2]  # the author field of a malformed row is redacted
    bodies = dict(q(settings, "select post_id, body from raw.file_posts"))
    assert bodies == {"ok1": "Q&A hapus fb", "ok2": "dua\nbaris"}


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8-sig", "utf-16"])
def test_whole_file_encodings_are_detected_and_decoded(settings, tmp_path, encoding, capsys):
    text = ("id,created,text\n1,2026-02-12T10:00:00Z,Café enak tapi hapus fb\n"
            "2,2026-02-12T11:00:00Z,Résumé: tinggalkan facebook\n")
    if encoding == "cp1252":
        text += "3,2026-02-12T12:00:00Z,“Meta AI” – iklan\n"
    path = _write(tmp_path / f"{encoding}.csv", text, encoding)
    assert import_main([str(path), "--platform", "facebook"], settings) == 0
    out = capsys.readouterr().out
    expected = {"latin-1": "cp1252", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)
    assert f"detected encoding: {expected}" in out
    bodies = dict(q(settings, "select post_id, body from raw.file_posts"))
    assert bodies["1"] == "Café enak tapi hapus fb" and bodies["2"] == "Résumé: tinggalkan facebook"
    if encoding == "cp1252":
        assert bodies["3"] == "“Meta AI” – iklan"
    assert q(settings, "select count(*) from raw.quarantine") == [(0,)]


def test_only_undecodable_rows_of_a_utf8_file_are_quarantined(settings, tmp_path):
    path = tmp_path / "mostly_utf8.csv"
    path.write_bytes(
        "id,created,text\n1,2026-02-12T10:00:00Z,Café ☕ hapus fb\n".encode()
        + b"2,2026-02-12T11:00:00Z,rusak \xff\xfe di sini\n"
        + "3,2026-02-12T12:00:00Z,naïve\n".encode()
    )
    report = import_file(path, settings, platform="facebook")
    assert (report.encoding, report.loaded, report.quarantined) == ("utf-8", 2, 1)
    assert q(settings, "select line_no, reason from raw.quarantine") == [(3, "text is not valid UTF-8")]


def test_jsonl_numeric_ids_keep_their_digits_and_nulls_are_null(settings, tmp_path):
    path = _write(
        tmp_path / "posts.jsonl",
        '{"id": 1890000000000000001, "text": "hapus fb", "created": null, "author": null, "likes": "12"}\n'
        '{"id": 1890000000000000002, "text": "deact", "created": 1771241315, "author": "[deleted]", "likes": 3.0}\n'
        '{"id": 9.79684791217e+17, "text": "lossy", "created": 1771241315}\n',
    )
    report = import_file(path, settings, platform="x")
    assert (report.loaded, report.quarantined) == (2, 1)
    rows = q(settings, "select post_id, created_at_source, author_pseudonym, score from raw.file_posts order by 1")
    assert rows == [("1890000000000000001", "snowflake_id", None, 12), ("1890000000000000002", "source", None, 3)]


def test_short_cp1252_file_is_decoded_not_quarantined(settings, tmp_path):
    """Found by Hypothesis: charset-normalizer declines a two-byte sample ("ÉÉ"); the file is still cp1252."""
    path = tmp_path / "short.csv"
    path.write_bytes(b"id,created,text\n2023185555256246272,2026-02-16T00:00:00Z,\xc9\xc9\n")
    assert import_main([str(path), "--platform", "x"], settings) == 0
    assert q(settings, "select post_id, body from raw.file_posts") == [("2023185555256246272", "ÉÉ")]
    assert q(settings, "select count(*) from raw.quarantine") == [(0,)]
