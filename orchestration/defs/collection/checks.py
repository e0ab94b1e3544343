"""Checks users rely on for collected data: few rejected rows, no duplicate keys."""


import dagster as dg

from ingestion import warehouse as wh
from orchestration.resources import WarehouseResource

# Above this share of rejected rows a feed is broken, not noisy.
MAX_QUARANTINE_SHARE = 0.05


def build_quarantine_share_check(source: str, asset_key: list[str]) -> dg.AssetChecksDefinition:
    """A check that fails when a source's quarantined rows exceed MAX_QUARANTINE_SHARE of what it sent."""

    @dg.asset_check(
        asset=dg.AssetKey(asset_key),
        name="quarantine_share",
        description=f"Rejected rows stay below {MAX_QUARANTINE_SHARE:.0%} of what the {source} source delivered.",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            rows = wh.post_count(con, source)
            rejected = wh.quarantine_count(con, source)
        share = rejected / (rows + rejected) if rows + rejected else 0.0
        return dg.AssetCheckResult(
            passed=share <= MAX_QUARANTINE_SHARE,
            metadata={"quarantined": rejected, "rows": rows, "share": round(share, 4)},
        )

    return _check


def build_unique_key_check(source: str, asset_key: list[str]) -> dg.AssetChecksDefinition:
    """A check that no (platform, post_id) is stored twice — re-runs must never duplicate."""

    @dg.asset_check(
        asset=dg.AssetKey(asset_key),
        name="unique_post_keys",
        description="Each (platform, post_id) is stored once.",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            dupes = int(
                wh.scalar(
                    con,
                    f"select count(*) from (select platform, post_id from {wh.table_for(source)} "
                    "group by all having count(*) > 1)",
                )
            )
        return dg.AssetCheckResult(passed=dupes == 0, metadata={"duplicate_keys": dupes})

    return _check
