"""The collection assets as Dagster runs them: the files drop folder, disabled sources, checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.collection.definitions import defs as collection_defs
from orchestration.defs.collection.files import file_posts
from orchestration.defs.collection.reddit import RedditResource, reddit_posts
from orchestration.resources import SourcesResource, WarehouseResource

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def _materialize(assets, data_dir: Path, sources: str, **kwargs) -> dg.ExecuteInProcessResult:
    resources = {
        "warehouse": WarehouseResource(data_dir=str(data_dir)),
        "sources": SourcesResource(enabled=sources),
        "reddit": RedditResource(),
    }
    return dg.materialize(assets, resources=resources, raise_on_error=True, **kwargs)


def _rows(data_dir: Path, sql: str):
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_drop_folder_imports_each_file_once_and_checks_pass(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "imports").mkdir(parents=True)
    for name in ("tweet_harvest.csv", "4cat_tiktok.csv"):
        shutil.copy(FIXTURES / name, data_dir / "imports" / name)
    checks = [
        c for c in collection_defs().asset_checks
        if any(k.asset_key == dg.AssetKey(["raw", "file_posts"]) for k in c.check_keys)
    ]
    first = _materialize([file_posts, *checks], data_dir, "files")
    meta = first.asset_materializations_for_node("raw__file_posts")[0].metadata
    assert meta["files_imported"].value == 2
    loaded = _rows(data_dir, "select count(*), count(distinct platform) from raw.file_posts")[0]
    assert loaded[0] == meta["inserted"].value > 0 and loaded[1] == 2  # x and tiktok
    evaluations = {e.check_name: e for e in first.get_asset_check_evaluations()}
    assert evaluations["unique_post_keys"].passed
    # the fixtures carry deliberately broken rows: the share is reported, and above 5 % it fails
    share = evaluations["quarantine_share"].metadata["share"].value
    assert share > 0 and evaluations["quarantine_share"].passed == (share <= 0.05)
    second = _materialize([file_posts], data_dir, "files")
    meta2 = second.asset_materializations_for_node("raw__file_posts")[0].metadata
    assert meta2["files_imported"].value == 0 and meta2["files_skipped"].value == 2
    assert _rows(data_dir, "select count(*) from raw.file_posts")[0][0] == loaded[0]


def test_disabled_sources_only_ensure_their_tables(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "imports").mkdir(parents=True)
    shutil.copy(FIXTURES / "tweet_harvest.csv", data_dir / "imports" / "tweet_harvest.csv")
    result = _materialize([file_posts], data_dir, "demo")
    assert result.asset_materializations_for_node("raw__file_posts")[0].metadata["status"].value == "disabled"
    result = _materialize([reddit_posts], data_dir, "demo", partition_key="2026-02-15")
    assert result.asset_materializations_for_node("raw__reddit_posts")[0].metadata["status"].value == "disabled"
    assert _rows(data_dir, "select count(*) from raw.file_posts")[0][0] == 0
    assert _rows(data_dir, "select count(*) from raw.reddit_posts")[0][0] == 0
