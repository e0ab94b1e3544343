"""Runtime configuration, read from the environment (and an optional git-ignored ``.env``).

Every path the pipeline writes is derived from ``HAPUSWATCH_DATA_DIR`` so that one variable moves
the whole installation (tests point it at a tmp dir). Paths are always absolute: dbt, Dagster and
the dashboard run with different working directories.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# The one list of sources: name (HAPUSWATCH_SOURCES, the `source` column) → its raw table in schema `raw`.
# Adding a source starts here; docs/design.md has the checklist, tests/test_sources.py names what is missing.
KNOWN_SOURCES: dict[str, str] = {
    "demo": "demo_posts",
    "reddit": "reddit_posts",
    "files": "file_posts",
}
DEFAULT_DEMO_POSTS = 5000


class ConfigError(ValueError):
    """A setting has a value the pipeline cannot use; the message names the variable."""


def load_dotenv_if_present(start: Path | None = None) -> None:
    """Load ``.env`` from the working directory without overriding variables already set."""
    candidate = (start or Path.cwd()) / ".env"
    if candidate.is_file():
        from dotenv import load_dotenv

        load_dotenv(candidate, override=False)


def parse_sources(value: str | None) -> tuple[str, ...]:
    """Parse ``HAPUSWATCH_SOURCES`` (comma list) and reject unknown names."""
    names = tuple(dict.fromkeys(s.strip().lower() for s in (value or "demo").split(",") if s.strip()))
    unknown = [n for n in names if n not in KNOWN_SOURCES]
    if unknown:
        raise ConfigError(
            f"HAPUSWATCH_SOURCES has unknown source(s) {', '.join(unknown)}; "
            f"choose from {', '.join(KNOWN_SOURCES)}"
        )
    return names


def _positive_int(name: str, raw: str | None, default: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < 0:
        raise ConfigError(f"{name} must be >= 0, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    """Resolved configuration of one hapuswatch installation."""

    data_dir: Path
    sources: tuple[str, ...] = ("demo",)
    demo_posts: int = DEFAULT_DEMO_POSTS

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("HAPUSWATCH_DATA_DIR") or "data").expanduser().resolve()
        return cls(
            data_dir=data_dir,
            sources=parse_sources(env.get("HAPUSWATCH_SOURCES")),
            demo_posts=_positive_int(
                "HAPUSWATCH_DEMO_POSTS", env.get("HAPUSWATCH_DEMO_POSTS"), DEFAULT_DEMO_POSTS
            ),
        )

    @cached_property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @cached_property
    def analytics_path(self) -> Path:
        return self.data_dir / "analytics.duckdb"

    @cached_property
    def imports_dir(self) -> Path:
        return self.data_dir / "imports"

    @cached_property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @cached_property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @cached_property
    def dagster_home(self) -> Path:
        return self.data_dir / "dagster_home"

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.imports_dir, self.cache_dir, self.models_dir):
            path.mkdir(parents=True, exist_ok=True)


def get_settings() -> Settings:
    """Settings from the current environment (``.env`` in the working directory applied first)."""
    load_dotenv_if_present()
    return Settings.from_env()
