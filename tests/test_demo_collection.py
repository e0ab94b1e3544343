"""The demo collection writes only what changed, and always ends with the rows a full regeneration stores."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

import ingestion.collect as collect_mod
import ingestion.sources.demo as demo_pkg
from ingestion import warehouse
from ingestion.collect import DEMO_SCOPE, collect_demo
from ingestion.settings import Settings
from ingestion.sources.demo import CHUNK_SIZE

SEEN_AT = ["first_seen_at", "last_seen_at"]


@pytest.fixture(autouse=True)
def _same_key(monkeypatch):
    # every data dir pseudonymises with the same key, so two warehouses can be compared row for row
    monkeypatch.setenv("HAPUSWATCH_PSEUDONYM_KEY", "test-demo-collection-key")


def _settings(path) -> Settings:
    return Settings.from_env({"HAPUSWATCH_DATA_DIR": str(path)})


def _raw(settings: Settings) -> pd.DataFrame:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute("select * from raw.demo_posts order by platform, post_id").df()
    finally:
        con.close()


def _quarantine(settings: Settings) -> pd.DataFrame:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(
            "select * exclude (quarantined_at) from raw.quarantine where source = 'demo' order by quarantine_id"
        ).df()
    finally:
        con.close()


def _same_rows(a: pd.DataFrame, b: pd.DataFrame, *, ignore: list[str] = SEEN_AT) -> None:
    pd.testing.assert_frame_equal(
        a.drop(columns=ignore).reset_index(drop=True), b.drop(columns=ignore).reset_index(drop=True)
    )


def _cold(tmp_path, n: int, name: str) -> Settings:
    settings = _settings(tmp_path / name)
    assert collect_demo(settings, n).mode == "full"
    return settings


def test_nothing_new_generates_and_stores_nothing(tmp_path, monkeypatch):
    settings = _settings(tmp_path / "a")
    first = collect_demo(settings, 3000)
    assert first.mode == "full" and first.generated == 3000 and first.stored.stats.inserted == first.valid > 2800
    before, quarantine = _raw(settings), _quarantine(settings)

    def no_generation(*args, **kwargs):
        raise AssertionError("nothing new must not generate")

    monkeypatch.setattr(demo_pkg, "generate_demo_rows", no_generation)
    again = collect_demo(settings, 3000)
    assert again.mode == "unchanged" and again.generated == 0
    assert again.stored.stats == warehouse.NO_CHANGES and again.stored.removed == 0
    assert again.valid == first.valid
    # not a row touched, not even last_seen_at
    pd.testing.assert_frame_equal(_raw(settings), before)
    pd.testing.assert_frame_equal(_quarantine(settings), quarantine)


@pytest.mark.parametrize(("n", "grown"), [(3000, 3100), (CHUNK_SIZE - 60, CHUNK_SIZE + 250)])
def test_growth_stores_only_new_rows_and_equals_a_full_regeneration(tmp_path, monkeypatch, n, grown):
    settings = _settings(tmp_path / "a")
    collect_demo(settings, n)
    before = _raw(settings)

    ranges: list[tuple[int, int]] = []
    real = demo_pkg.generate_demo_rows

    def spy(start, stop, seed=42):
        ranges.append((start, stop))
        return real(start, stop, seed)

    monkeypatch.setattr(demo_pkg, "generate_demo_rows", spy)
    run = collect_demo(settings, grown)
    monkeypatch.setattr(demo_pkg, "generate_demo_rows", real)
    assert run.mode == "grown" and run.generated == grown - n
    assert ranges and min(a for a, _ in ranges) == n and max(b for _, b in ranges) == grown
    assert run.stored.stats.updated == run.stored.stats.unchanged == 0
    after = _raw(settings)
    assert run.stored.stats.inserted == len(after) - len(before) > 0

    full = _cold(tmp_path, grown, "full")
    _same_rows(after, _raw(full))
    pd.testing.assert_frame_equal(_quarantine(settings), _quarantine(full))
    # posts stored before the growth were not rewritten
    kept = after.merge(before, on=["platform", "post_id"], suffixes=("", "_before"))
    assert len(kept) == len(before)
    assert (kept["last_seen_at"] == kept["last_seen_at_before"]).all()


def test_shrinking_removes_the_posts_beyond_the_new_size(tmp_path):
    settings = _settings(tmp_path / "a")
    collect_demo(settings, CHUNK_SIZE + 400)
    run = collect_demo(settings, 2500)
    assert run.mode == "shrunk" and run.stored.removed > CHUNK_SIZE - 2500
    _same_rows(_raw(settings), _raw(_cold(tmp_path, 2500, "full")))
    # and the recorded state now describes the smaller corpus: the next run is a no-op
    assert collect_demo(settings, 2500).mode == "unchanged"
    # to zero and back
    assert collect_demo(settings, 0).valid == 0
    assert collect_demo(settings, 2500).mode == "grown"
    _same_rows(_raw(settings), _raw(_cold(tmp_path, 2500, "full2")))


def test_generator_version_or_seed_change_regenerates_whole(tmp_path, monkeypatch):
    settings = _settings(tmp_path / "a")
    collect_demo(settings, 2000)
    monkeypatch.setattr(demo_pkg, "generator_version", lambda: "another-generator")
    run = collect_demo(settings, 2000)
    assert run.mode == "full" and run.generated == 2000
    assert collect_demo(settings, 2000).mode == "unchanged"  # recorded under the new version
    monkeypatch.undo()
    monkeypatch.setenv("HAPUSWATCH_PSEUDONYM_KEY", "test-demo-collection-key")

    reseeded = collect_demo(settings, 2000, seed=7)
    assert reseeded.mode == "full"
    other = _settings(tmp_path / "seed7")
    collect_demo(other, 2000, seed=7)
    _same_rows(_raw(settings), _raw(other))
    # a new pseudonym key changes every pseudonym: regenerated too
    monkeypatch.setenv("HAPUSWATCH_PSEUDONYM_KEY", "another-key")
    assert collect_demo(settings, 2000, seed=7).mode == "full"


def test_cleared_or_altered_table_is_not_trusted(tmp_path):
    settings = _settings(tmp_path / "a")
    collect_demo(settings, 2000)
    with warehouse.connect(settings.warehouse_path) as con:
        assert warehouse.read_state(con, "demo", DEMO_SCOPE)["posts"] == 2000
        # switching the demo source off clears its posts and what was recorded about them
        assert warehouse.clear_source(con, "demo") > 0
        assert warehouse.read_state(con, "demo", DEMO_SCOPE) is None
    assert collect_demo(settings, 2000).mode == "full"
    with warehouse.connect(settings.warehouse_path) as con:
        con.execute("delete from raw.demo_posts where post_id in (select post_id from raw.demo_posts limit 5)")
    run = collect_demo(settings, 2000)
    assert run.mode == "full" and run.stored.stats.inserted == 5
    _same_rows(_raw(settings), _raw(_cold(tmp_path, 2000, "full")))


def test_the_recorded_version_covers_generator_normaliser_and_key():
    v = collect_mod.demo_version(b"k1")
    assert v == collect_mod.demo_version(b"k1") != collect_mod.demo_version(b"k2")
    assert "k1" not in v
