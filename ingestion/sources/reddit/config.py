"""Reddit collection settings: credentials, queries, subreddits, limits (``REDDIT_*`` / ``HAPUSWATCH_REDDIT_*``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ingestion.settings import ConfigError

SOURCE = "reddit"
PLATFORM = "reddit"
PARTITION_START = date(2025, 9, 1)
REDDIT_WEB = "https://www.reddit.com"

DEFAULT_QUERIES = (
    "hapus akun facebook",
    "#hapusakunfacebook",
    "hapusakunfacebook",
    "hapus fb",
    "hapus akun fb",
    "deact fb",
    "tinggalkan facebook",
    "keluar dari facebook",
    "Meta AI iklan",
    "delete facebook",
    "#deletefacebook",
    "quit facebook Meta AI",
)
DEFAULT_SUBREDDITS = ("indonesia", "indonesian", "jakarta", "finansial", "IndoTech")
DEFAULT_REFETCH_DAYS = 7
DEFAULT_MORE_LIMIT = 8
INFO_BATCH = 100  # Reddit's /api/info takes at most 100 fullnames per call


def _split_list(raw: str | None, seps: str) -> tuple[str, ...] | None:
    if raw is None or not raw.strip():
        return None
    text = raw
    for sep in seps[1:]:
        text = text.replace(sep, seps[0])
    return tuple(dict.fromkeys(p.strip() for p in text.split(seps[0]) if p.strip()))


def _int_env(env: Mapping[str, str], name: str, default: int | None) -> int | None:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    if raw.strip().lower() in {"none", "all"}:
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < 0:
        raise ConfigError(f"{name} must be >= 0, got {value}")
    return value


def _float_env(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc


@dataclass(frozen=True)
class RedditConfig:
    """Credentials and collection settings. ``repr`` masks secrets so logging a config is safe."""

    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    user_agent: str = "hapuswatch/0.1 (research; https://github.com/hapuswatch)"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    site: str | None = None
    oauth_url: str | None = None
    reddit_url: str | None = None
    queries: tuple[str, ...] = DEFAULT_QUERIES
    subreddits: tuple[str, ...] = DEFAULT_SUBREDDITS
    sitewide: bool = True
    refetch_days: int = DEFAULT_REFETCH_DAYS
    more_limit: int | None = DEFAULT_MORE_LIMIT
    max_tries: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    timeout: float = 16.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RedditConfig:
        """Read ``REDDIT_*`` credentials and ``HAPUSWATCH_REDDIT_*`` settings (see README)."""
        env = os.environ if environ is None else environ
        queries = _split_list(env.get("HAPUSWATCH_REDDIT_QUERIES"), "|\n")
        subs = _split_list(env.get("HAPUSWATCH_REDDIT_SUBREDDITS"), ",")
        sitewide = (env.get("HAPUSWATCH_REDDIT_SITEWIDE") or "true").strip().lower() not in {"0", "false", "no", "off"}
        return cls(
            client_id=env.get("REDDIT_CLIENT_ID") or None,
            client_secret=env.get("REDDIT_CLIENT_SECRET") or None,
            user_agent=env.get("REDDIT_USER_AGENT") or cls.user_agent,
            username=env.get("REDDIT_USERNAME") or None,
            password=env.get("REDDIT_PASSWORD") or None,
            site=env.get("REDDIT_SITE") or None,
            oauth_url=env.get("REDDIT_OAUTH_URL") or None,
            reddit_url=env.get("REDDIT_URL") or None,
            queries=queries or DEFAULT_QUERIES,
            subreddits=tuple(s.removeprefix("r/") for s in subs) if subs else DEFAULT_SUBREDDITS,
            sitewide=sitewide,
            refetch_days=_int_env(env, "HAPUSWATCH_REDDIT_REFETCH_DAYS", DEFAULT_REFETCH_DAYS) or 0,
            more_limit=_int_env(env, "HAPUSWATCH_REDDIT_MORE_LIMIT", DEFAULT_MORE_LIMIT),
            max_tries=max(1, _int_env(env, "HAPUSWATCH_REDDIT_MAX_TRIES", 5) or 1),
            backoff_base=_float_env(env, "HAPUSWATCH_REDDIT_BACKOFF_BASE", 1.0),
            backoff_max=_float_env(env, "HAPUSWATCH_REDDIT_BACKOFF_MAX", 60.0),
        )

    def __repr__(self) -> str:
        secret = "***" if self.client_secret else None
        password = "***" if self.password else None
        return (
            f"RedditConfig(client_id={self.client_id!r}, client_secret={secret!r}, user_agent={self.user_agent!r}, "
            f"username={self.username!r}, password={password!r}, site={self.site!r}, oauth_url={self.oauth_url!r}, "
            f"reddit_url={self.reddit_url!r}, queries={len(self.queries)}, subreddits={self.subreddits!r}, "
            f"sitewide={self.sitewide}, refetch_days={self.refetch_days}, more_limit={self.more_limit}, "
            f"max_tries={self.max_tries})"
        )

    __str__ = __repr__

    @property
    def has_credentials(self) -> bool:
        return bool(self.site or (self.client_id and self.client_secret))

