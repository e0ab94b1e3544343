"""Dagster resources shared by every domain."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb

from ingestion import store
from ingestion.privacy import load_or_create_key
from ingestion.settings import Settings, parse_sources


class WarehouseResource(dg.ConfigurableResource):
    """The installation's data directory: the DuckDB warehouse, the published DB, keys and caches.

    Defaults come from ``HAPUSWATCH_DATA_DIR`` / ``HAPUSWATCH_SOURCES`` / ``HAPUSWATCH_DEMO_POSTS``
    (see ``ingestion.settings``); tests build it with a tmp ``data_dir``.
    """

    data_dir: str
    sources: str = "demo"
    demo_posts: int = 5000

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(
            data_dir=str(settings.data_dir), sources=",".join(settings.sources), demo_posts=settings.demo_posts
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            data_dir=Path(self.data_dir).expanduser().resolve(),
            sources=parse_sources(self.sources),
            demo_posts=self.demo_posts,
        )

    def source_enabled(self, source: str) -> bool:
        return source in self.settings.sources

    def pseudonym_key(self) -> bytes:
        return load_or_create_key(self.settings.data_dir)

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Read-write connection to the warehouse (one writer at a time; closed on exit)."""
        settings = self.settings
        settings.ensure_dirs()
        with store.connect(settings.warehouse_path) as con:
            yield con
