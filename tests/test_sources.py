"""The list of sources is written once (ingestion.settings.KNOWN_SOURCES); everything per source agrees with it.

When a source is added, these tests name what is still missing (docs/design.md has the checklist).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ingestion.settings import KNOWN_SOURCES
from ingestion.warehouse import POST_TABLES, SOURCE_TABLES

DBT = Path(__file__).resolve().parents[1] / "dbt_project"


def test_the_warehouse_declares_one_raw_table_per_known_source():
    assert SOURCE_TABLES == KNOWN_SOURCES
    assert {s: t.name for s, t in POST_TABLES.items()} == {s: f"raw.{t}" for s, t in KNOWN_SOURCES.items()}


def test_one_collection_asset_per_known_source():
    from orchestration.defs.collection.definitions import SOURCE_ASSETS

    keys = sorted(k.to_user_string() for asset in SOURCE_ASSETS for k in asset.keys)
    assert keys == sorted(f"raw/{table}" for table in KNOWN_SOURCES.values())


def test_dbt_declares_stages_and_unions_every_known_source():
    sources = yaml.safe_load((DBT / "models" / "staging" / "_raw__sources.yml").read_text(encoding="utf-8"))
    raw = next(s for s in sources["sources"] if s["name"] == "raw")
    declared = {t["name"]: t["meta"]["dagster"]["asset_key"] for t in raw["tables"]}
    assert declared == {table: ["raw", table] for table in KNOWN_SOURCES.values()}, "staging/_raw__sources.yml"

    union = (DBT / "models" / "intermediate" / "int_posts_unioned.sql").read_text(encoding="utf-8")
    staged = yaml.safe_load((DBT / "models" / "staging" / "_staging__models.yml").read_text(encoding="utf-8"))
    documented = {m["name"] for m in staged["models"]}
    for source, table in KNOWN_SOURCES.items():
        model = f"stg_{source}__posts"
        sql = (DBT / "models" / "staging" / f"{model}.sql").read_text(encoding="utf-8")
        assert f"source('raw', '{table}')" in sql, model
        assert model in documented, f"{model} in staging/_staging__models.yml"
        assert f"ref('{model}')" in union, f"{model} in int_posts_unioned.sql"
    assert set(re.findall(r"ref\('(stg_\w+)'\)", union)) == {f"stg_{s}__posts" for s in KNOWN_SOURCES}

    marts = yaml.safe_load((DBT / "models" / "marts" / "_marts__models.yml").read_text(encoding="utf-8"))
    fct_posts = next(m for m in marts["models"] if m["name"] == "fct_posts")
    source_col = next(c for c in fct_posts["columns"] if c["name"] == "source")
    accepted = next(t["accepted_values"] for t in source_col["data_tests"] if "accepted_values" in t)
    assert set(accepted["arguments"]["values"]) == set(KNOWN_SOURCES), "fct_posts.source accepted_values"
