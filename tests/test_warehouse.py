"""The warehouse owns every table and the typed boundary: a batch's shape never changes a column's type."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from ingestion import warehouse
from ingestion.records import normalise_posts
from tests.duckdb_lock import other_process_can_open

KEY = b"k"


def _posts(**cols) -> pd.DataFrame:
    base = {"platform": ["x"], "post_id": ["1"], "kind": ["post"], "body": ["hapus fb"], "created_at": [1765900000]}
    base.update(cols)
    return pd.DataFrame(base)


def test_every_declared_table_is_created_once_with_its_types(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        tables = {f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables").fetchall()}
        assert {t.name for t in warehouse.TABLES} <= tables
        types = dict(con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'file_posts'").fetchall())
    assert types["score"] == "INTEGER" and types["author_pseudonym"] == "VARCHAR"
    assert types["created_at"] == "TIMESTAMP" and types["created_at_source"] == "VARCHAR"
    assert types["raw_payload"] == "JSON"


def test_an_older_warehouse_gains_new_columns(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.file_posts (platform varchar, post_id varchar, primary key (platform, post_id))")
        con.execute("create schema topics")
        con.execute("create table topics.post_topics (platform varchar, post_id varchar, content_hash varchar, "
                    "topic_id integer, primary key (platform, post_id))")  # fmt: skip
        con.execute("insert into topics.post_topics values ('x', '1', 'h', 3)")
    with warehouse.connect(path) as con:
        cols = [r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_name = 'file_posts'").fetchall()]
        kept = con.execute("select topic_id, dedup_key from topics.post_topics").fetchall()
    assert "created_at_source" in cols and "author_pseudonym" in cols
    assert kept == [(3, None)]  # rows stay; the topics asset flags rows without a dedup_key again


def test_to_table_maps_every_value_to_its_type_or_null():
    frame = pd.DataFrame({
        "platform": ["x", "x", "x", "x"],
        "post_id": [1, "2", 3.0, " 4 "],
        "source": "files", "kind": "post",
        "author_pseudonym": [None, float("nan"), "", "anon_1"],  # all-null-ish object column
        "score": ["12", 3.0, "NA", None],  # numeric strings, floats and fillers in an integer column
        "num_comments": [float("nan")] * 4,  # float64 all-NaN: the shape that became DOUBLE before
        "created_at": [1765900000, "2026-02-12T10:00:00Z", 1765900000123, "2026-02-12 10:00:00"],
        "is_deleted": [False, "true", 0, None], "is_demo": False, "content_hash": "h",
        "first_seen_at": pd.Timestamp("2026-01-01"), "last_seen_at": pd.Timestamp("2026-01-01"),
    })
    frame.loc[3, "is_deleted"] = False
    table = warehouse.to_table(frame, warehouse.POST_TABLES["files"])
    assert table.schema.equals(warehouse.POST_SCHEMA)
    cols = table.to_pydict()
    assert cols["post_id"] == ["1", "2", "3", " 4 "]
    assert cols["author_pseudonym"] == [None, None, None, "anon_1"]
    assert cols["score"] == [12, 3, None, None] and cols["num_comments"] == [None] * 4
    assert [str(t) for t in cols["created_at"]] == [
        "2025-12-16 15:46:40", "2026-02-12 10:00:00", "2025-12-16 15:46:40.123000", "2026-02-12 10:00:00"]
    assert cols["is_deleted"] == [False, True, False, False]
    assert cols["title"] == [None] * 4 and table.schema.field("title").type == pa.string()


def test_to_table_refuses_nulls_in_not_null_columns():
    with pytest.raises(ValueError, match="post_id"):
        warehouse.to_table(pd.DataFrame({"platform": ["x"], "post_id": [None]}), warehouse.POST_TABLES["files"])


def test_upsert_after_a_batch_without_authors_and_back(tmp_path):
    """The BinderException of the issue: an all-null author batch upserted over posts with authors."""
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        with_author, _ = normalise_posts(_posts(author=["budi"]), source="files", key=KEY)
        without, _ = normalise_posts(_posts(score=[None], num_comments=[float("nan")]), source="files", key=KEY)
        assert warehouse.upsert_posts(con, "files", with_author) == warehouse.UpsertStats(1, 0, 0)
        assert warehouse.upsert_posts(con, "files", without).total == 1
        unknown, _ = normalise_posts(_posts(author=["NA"], score=["7"]), source="files", key=KEY)
        assert warehouse.upsert_posts(con, "files", unknown) == warehouse.UpsertStats(0, 1, 0)
        author, score = con.execute("select author_pseudonym, score from raw.file_posts").fetchone()
    assert author.startswith("anon_") and score == 7  # an unknown author never overwrites a known one


def test_store_collection_is_one_transaction(tmp_path):
    posts, rejects = normalise_posts(
        pd.DataFrame({"platform": ["reddit", "reddit"], "post_id": ["t3_a", None], "kind": "submission",
                      "title": ["Hapus FB?", "x"], "created_at": [1765900000, 1765900000]}),
        source="reddit", key=KEY,
    )
    with warehouse.connect(tmp_path / "w.duckdb") as con:

        def batches():
            yield warehouse.Batch(posts, rejects)
            raise RuntimeError("the source failed half-way")

        with pytest.raises(RuntimeError):
            warehouse.store_collection(con, "reddit", batches(), cursor=("2025-12-16", pd.Timestamp("2025-12-16")))
        assert warehouse.post_count(con, "reddit") == 0 and warehouse.quarantine_count(con, "reddit") == 0
        assert warehouse.read_cursor(con, "reddit", "2025-12-16") is None
        report = warehouse.store_collection(
            con, "reddit", [warehouse.Batch(posts, rejects)], cursor=("2025-12-16", pd.Timestamp("2025-12-16 15:00"))
        )
        assert (report.stats.inserted, report.quarantined, report.quarantined_new) == (1, 1, 1)
        assert str(warehouse.read_cursor(con, "reddit", "2025-12-16")) == "2025-12-16 15:00:00"


@pytest.mark.parametrize("author", ["NA", "", "null", "None", "[deleted]", "[removed]", "nan", " N/A "])
def test_unknown_authors_stay_null(author):
    posts, _ = normalise_posts(_posts(author=[author]), source="files", key=KEY)
    assert posts.loc[0, "author_pseudonym"] is None or pd.isna(posts.loc[0, "author_pseudonym"])


def test_snowflake_dates_float_ids_empty_text_and_entities():
    frame = pd.DataFrame({
        "platform": "x",
        "post_id": ["979784165313806336", "9.79684791217e+17", "3", "979784011659714560", "5"],
        "kind": "post",
        "body": ["Q&amp;A: #DeleteFacebook", "lost id", "no date, no snowflake", "  ", "ok"],
        "created_at": [None, "2018-03-30 11:40:30", "kemarin", "2018-03-30 18:14:46", "2018-03-30 18:14:46"],
    })
    posts, rejects = normalise_posts(frame, source="files", key=KEY)
    assert list(posts["post_id"]) == ["979784165313806336", "5"]
    assert str(posts.loc[0, "created_at"]) == "2018-03-30 18:15:23.177000"  # the export says 18:15:23
    assert list(posts["created_at_source"]) == ["snowflake_id", "source"]
    assert posts.loc[0, "body"] == "Q&A: #DeleteFacebook"
    reasons = dict(zip(rejects["record_id"], rejects["reason"], strict=True))
    assert reasons["9.79684791217e+17"].startswith("id in float notation")
    assert reasons["3"].startswith("unparsable created_at")  # 3 is no snowflake: nothing to derive
    assert reasons["979784011659714560"] == "no text (empty body and no title)"


def test_ids_written_as_floats():
    frame = pd.DataFrame({
        "platform": "facebook", "kind": "post", "body": "teks", "created_at": "2026-02-12T10:00:00Z",
        "post_id": ["12345.0", "979684791217000000.0", "9.79684E+17", "abc.def"],
    })
    posts, rejects = normalise_posts(frame, source="files", key=KEY)
    assert list(posts["post_id"]) == ["12345", "abc.def"]  # an exact integral float is its integer
    assert sorted(rejects["record_id"]) == ["9.79684E+17", "979684791217000000.0"]
    assert rejects["reason"].str.startswith("id in float notation").all()


def test_keep_open_shares_one_open_warehouse_between_connects_until_released(tmp_path):
    """`hapuswatch run` keeps the warehouse open between steps (one buffer pool, one checkpoint); nothing is
    lost, each block still gets its own connection, and release() lets another process (dbt) open it."""
    path = tmp_path / "warehouse.duckdb"
    warehouse.keep_open()
    try:
        with warehouse.connect(path) as con:
            con.execute("create table t as select 1 as x")
            con.execute("create temp table mine as select 1 as y")  # connection-local, like a step's scratch
        assert not other_process_can_open(path)  # still open here
        with warehouse.connect(path) as con:
            assert con.execute("select x from t").fetchall() == [(1,)]
            with pytest.raises(duckdb.CatalogException):
                con.execute("select * from mine")  # a fresh connection: the last block's scratch is gone
            assert warehouse.scalar(con, "select count(*) from raw.demo_posts") == 0  # schema ensured once
        with warehouse.connect(path, read_only=True) as con:  # the run's own read-only connects share it
            assert con.execute("select x from t").fetchall() == [(1,)]
        warehouse.release()
        assert other_process_can_open(path)
        with warehouse.connect(path) as con:  # opened again on the next connect
            con.execute("insert into t values (2)")
        assert not other_process_can_open(path)
    finally:
        warehouse.keep_open(False)  # also releases
    assert other_process_can_open(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select sum(x) from t").fetchall() == [(3,)]


def test_without_keep_open_every_connect_closes_the_warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with warehouse.connect(path) as con:
        con.execute("create table t as select 1 as x")
    assert other_process_can_open(path)


def test_a_kept_warehouse_is_closed_once_its_cache_outgrows_the_bound(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    warehouse.keep_open()
    try:
        with warehouse.connect(path) as con:
            con.execute("create table t as select range as x, repeat('x', 100) as s from range(200000)")
            con.execute("select count(distinct s || x) from t").fetchall()
        assert not other_process_can_open(path)
        monkeypatch.setattr("ingestion.warehouse.writes.KEEP_OPEN_MAX_MB", 0)
        with warehouse.connect(path) as con:
            con.execute("select sum(x) from t").fetchall()
        assert other_process_can_open(path)  # closed after the block
    finally:
        warehouse.keep_open(False)
