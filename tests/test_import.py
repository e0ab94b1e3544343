"""File imports: formats, broken rows to quarantine, unusable files, idempotence, drop folder, privacy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ingestion.collect import import_file, import_folder
from ingestion.settings import Settings
from ingestion.sources.files import ImportFileError, detect_format
from orchestration.cli import import_main

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
NAMES = ["budi_santoso", "SitiRahmawati88", "agus_prasetyo_id", "DewiLestari", "rizky_ramadhan21", "putri_ayu_w",
         "HendraGunawan", "IndahPermata_", "MayaSari99", "joko_widodo_fan"]


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("HAPUSWATCH_PSEUDONYM_KEY", "test-key")
    return Settings.from_env({"HAPUSWATCH_DATA_DIR": str(tmp_path / "data"), "HAPUSWATCH_SOURCES": "files"})


def q(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_detect_format():
    assert detect_format(FIXTURES / "tweet_harvest.csv") == "tweet-harvest"
    assert detect_format(FIXTURES / "tweet_harvest_bom.csv") == "tweet-harvest"
    assert detect_format(FIXTURES / "4cat_tiktok.csv") == "4cat"
    assert detect_format(FIXTURES / "4cat_facebook.ndjson") == "4cat"
    assert detect_format(FIXTURES / "generic_mapped.jsonl") == "jsonl"


def test_tweet_harvest_bad_date_derived_from_id_and_bad_bytes_quarantined(settings):
    report = import_file(FIXTURES / "tweet_harvest.csv", settings)
    assert (report.format, report.platform, report.rows_read, report.encoding) == ("tweet-harvest", "x", 5, "utf-8")
    assert (report.loaded, report.quarantined) == (4, 1)
    posts = q(settings, "select post_id, kind, parent_id, thread_id, body, created_at, score, num_comments, "
                        "created_at_source from raw.file_posts order by post_id")
    assert [p[0] for p in posts] == [
        "1890000000000000001", "1890000000000000002", "1890000000000000003", "1890000000000000004"
    ]
    assert posts[1][1] == "reply" and posts[1][3] == "1890000000000000001"
    assert posts[1][4].startswith("@[user] setuju")  # handle scrubbed
    assert "\n" in posts[3][4]  # a quoted multi-line tweet stays one record
    assert str(posts[0][5]) == "2026-02-12 10:00:00" and posts[0][6] == 12 and posts[0][7] == 2
    # "kemarin sore" is no date, but the snowflake id is: (id >> 22) + 1288834974657 ms
    expected = pd.Timestamp((1890000000000000003 >> 22) + 1288834974657, unit="ms")
    assert (pd.Timestamp(posts[2][5]), posts[2][8]) == (expected, "snowflake_id")
    assert {p[8] for p in posts if p[0] != "1890000000000000003"} == {"source"}
    # physical line numbers: the multi-line tweet spans lines 5-6, the broken bytes sit on line 7
    assert q(settings, "select line_no, reason from raw.quarantine") == [(7, "text is not valid UTF-8")]


def test_bom_file_loads(settings):
    report = import_file(FIXTURES / "tweet_harvest_bom.csv", settings)
    assert report.loaded == 2 and report.quarantined == 0


def test_4cat_csv_without_platform_column_takes_it_from_urls_or_asks(settings, tmp_path):
    report = import_file(FIXTURES / "4cat_tiktok.csv", settings)  # tiktok.com URLs name the platform
    assert (report.loaded, report.quarantined) == (2, 1)
    assert q(settings, "select distinct platform from raw.file_posts") == [("tiktok",)]
    assert q(settings, "select reason, line_no from raw.quarantine") == [("missing id", 4)]
    no_urls = tmp_path / "no_urls.csv"
    no_urls.write_text(
        (FIXTURES / "4cat_tiktok.csv").read_text(encoding="utf-8").replace("https://www.tiktok.com", "https://example.org"),
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match="pass --platform"):
        import_file(no_urls, settings)
    report = import_file(no_urls, settings, platform="tiktok")
    assert report.unchanged == 2  # same ids as before: nothing duplicated


def test_platform_from_urls():
    from ingestion.sources.files import platform_from_urls

    urls = pd.Series(
        ["https://www.tiktok.com/@[user]/video/1", "https://x.com/i/status/2", "https://m.facebook.com/groups/3",
         "https://old.reddit.com/r/indonesia/4", "https://bsky.app/profile/x/post/5", "https://example.org/6", None]
    )
    got = [v if isinstance(v, str) else None for v in platform_from_urls(urls)]
    assert got == ["tiktok", "x", "facebook", "reddit", "bluesky", None, None]


def test_4cat_ndjson_broken_line_deleted_item_and_platform_column(settings):
    report = import_file(FIXTURES / "4cat_facebook.ndjson", settings)
    assert report.format == "4cat" and report.rows_read == 4
    assert (report.loaded, report.quarantined) == (2, 2)
    rows = q(settings, "select post_id, platform, kind, is_deleted, body from raw.file_posts order by post_id")
    assert rows[0][:3] == ("fb_1001", "facebook", "post")
    assert rows[1] == ("fb_1002", "facebook", "reply", True, None)
    quarantine = q(settings, "select line_no, reason, payload from raw.quarantine order by line_no")
    assert quarantine[0][0] == 2 and quarantine[0][1].startswith("broken JSON line")
    assert "joko_widodo_fan" not in quarantine[0][2]
    assert quarantine[1][0] == 4 and quarantine[1][1].startswith("unparsable created_at")


def test_generic_jsonl_with_mapping(settings):
    with pytest.raises(ImportFileError, match="missing required column"):
        import_file(FIXTURES / "generic_mapped.jsonl", settings, platform="facebook")
    mapping = {"id": "pid", "text": "isi", "created": "waktu", "author": "nama", "url": "tautan"}
    report = import_file(FIXTURES / "generic_mapped.jsonl", settings, platform="facebook", mapping=mapping)
    assert report.loaded == 2
    rows = q(settings, "select post_id, author_pseudonym, url from raw.file_posts order by post_id")
    assert rows[0][1].startswith("anon_") and rows[0][2] == "https://example.org/p/g0"


def test_missing_column_cli_exits_nonzero_with_one_line(settings, capsys):
    code = import_main([str(FIXTURES / "missing_column.csv")], settings)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "missing required column" in err and "text" in err
    assert import_main([str(FIXTURES / "tweet_harvest.csv"), "--format", "tweet-harvest"], settings) == 0
    out = capsys.readouterr().out
    assert "detected encoding: utf-8" in out and "loaded 4 new" in out and "quarantined 1 of 5" in out


def test_reimport_is_a_noop(settings):
    first = import_file(FIXTURES / "tweet_harvest.csv", settings)
    before = q(settings, "select * exclude (last_seen_at) from raw.file_posts order by post_id")
    second = import_file(FIXTURES / "tweet_harvest.csv", settings)
    assert (second.loaded, second.updated, second.unchanged) == (0, 0, first.loaded)
    assert q(settings, "select * exclude (last_seen_at) from raw.file_posts order by post_id") == before
    assert q(settings, "select count(*) from raw.quarantine")[0][0] == 1


def test_import_folder_skips_processed_files(settings, tmp_path):
    settings.imports_dir.mkdir(parents=True)
    for name in ("tweet_harvest.csv", "4cat_facebook.ndjson"):
        shutil.copy(FIXTURES / name, settings.imports_dir / name)
    unnamed = (FIXTURES / "4cat_tiktok.csv").read_text(encoding="utf-8").replace(
        "https://www.tiktok.com", "https://example.org"
    )
    (settings.imports_dir / "4cat_unknown.csv").write_text(unnamed, encoding="utf-8")
    (settings.imports_dir / "tiktok").mkdir()
    (settings.imports_dir / "tiktok" / "4cat_named_by_folder.csv").write_text(
        unnamed.replace("747", "848"), encoding="utf-8"
    )
    reports = {Path(r.path).name: r for r in import_folder(settings)}
    assert reports["tweet_harvest.csv"].loaded == 4 and reports["4cat_facebook.ndjson"].loaded == 2
    assert "pass --platform" in reports["4cat_unknown.csv"].error  # no platform anywhere: reported, not fatal
    assert reports["4cat_named_by_folder.csv"].loaded == 2  # imports/tiktok/ names the platform
    assert q(settings, "select count(*) from raw.file_posts where platform = 'tiktok'")[0][0] == 2
    again = {Path(r.path).name: r for r in import_folder(settings)}
    assert again["tweet_harvest.csv"].skipped and again["4cat_facebook.ndjson"].skipped
    assert not again["4cat_unknown.csv"].skipped  # failed files are retried
    touched = settings.imports_dir / "tweet_harvest.csv"
    os.utime(touched, (1, 1))  # same bytes, new mtime: sha256 says it is known
    assert next(r for r in import_folder(settings) if r.path.endswith("tweet_harvest.csv")).skipped
    assert q(settings, "select count(*) from raw.import_files")[0][0] == 3
