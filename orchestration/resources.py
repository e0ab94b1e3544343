"""Dagster resources shared by every domain: the warehouse (the database) and the source switches.

Both are configured from the environment with ``dg.EnvVar`` (the Dagster UI shows which variable each
field reads); a variable that is not set falls back to ``ingestion.settings``' default. The headless
runner passes explicit values instead (:func:`shared_resources` with its ``Settings``), so nothing
rewrites the process environment to configure a run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb

from ingestion import store
from ingestion.privacy import load_or_create_key
from ingestion.settings import DEFAULT_DEMO_POSTS, Settings, load_dotenv_if_present, parse_sources


class WarehouseResource(dg.ConfigurableResource):
    """The installation's data directory: the DuckDB warehouse, the published DB, keys and caches.

    Only the database and the paths under the data directory; which sources run is :class:`SourcesResource`.
    """

    data_dir: str

    @property
    def settings(self) -> Settings:
        """The paths of this data directory, for library functions that take ``Settings`` for its paths."""
        return Settings(data_dir=Path(self.data_dir).expanduser().resolve())

    def pseudonym_key(self) -> bytes:
        return load_or_create_key(self.settings.data_dir)

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Read-write connection to the warehouse (one writer at a time; closed on exit)."""
        settings = self.settings
        settings.ensure_dirs()
        with store.connect(settings.warehouse_path) as con:
            yield con


class SourcesResource(dg.ConfigurableResource):
    """Which sources a run collects (``HAPUSWATCH_SOURCES``) and how many demo posts it generates."""

    enabled: str = "demo"
    demo_posts: int = DEFAULT_DEMO_POSTS

    @property
    def names(self) -> tuple[str, ...]:
        """The enabled sources, validated against ``ingestion.settings.KNOWN_SOURCES``."""
        return parse_sources(self.enabled)

    def is_enabled(self, source: str) -> bool:
        return source in self.names


def env_or(name: str, default: str | None = None) -> str | dg.EnvVar | None:
    """``dg.EnvVar(name)`` when the variable is set (the UI shows where the value comes from), else ``default``.

    ``dg.EnvVar`` fails a run when its variable is unset; the settings' defaults keep a bare
    `dagster dev` working as before.
    """
    return dg.EnvVar(name) if os.environ.get(name, "").strip() else default


def shared_resources(settings: Settings | None = None) -> dict[str, dg.ConfigurableResource]:
    """The warehouse and source switches: from ``settings`` when given (headless runs), else the environment."""
    if settings is not None:
        return {
            "warehouse": WarehouseResource(data_dir=str(settings.data_dir)),
            "sources": SourcesResource(enabled=",".join(settings.sources), demo_posts=settings.demo_posts),
        }
    load_dotenv_if_present()
    defaults = Settings.from_env()  # validates the variables now, as loading the definitions always did
    demo_posts = env_or("HAPUSWATCH_DEMO_POSTS")
    return {
        "warehouse": WarehouseResource(data_dir=env_or("HAPUSWATCH_DATA_DIR", str(defaults.data_dir))),
        "sources": SourcesResource(
            enabled=env_or("HAPUSWATCH_SOURCES", ",".join(defaults.sources)),
            # an int field reads its variable with dg.EnvVar.int
            demo_posts=dg.EnvVar.int("HAPUSWATCH_DEMO_POSTS") if demo_posts is not None else defaults.demo_posts,
        ),
    }
