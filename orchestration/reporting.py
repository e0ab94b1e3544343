"""Short, plain-text reports for the command line: what was quarantined and where to look.

``quarantine_summary`` is shared by `hapuswatch run` and `hapuswatch import`: counts by reason and the SQL
that lists the rows, so a user who sees "quarantined 3 of 4" knows why and where to look next.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# Reasons carry the offending value after a colon ("bad timestamp: 'kemarin sore'"); the summary groups by
# the part before it so a thousand bad dates read as one line.
_REASON_KIND = "trim(split_part(reason, ':', 1))"


def _literal(value: object) -> str:
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def quarantine_summary(
    con: duckdb.DuckDBPyConnection,
    warehouse_path: Path | str,
    *,
    source: str | None = None,
    origin: str | None = None,
    since: object | None = None,
    max_reasons: int = 6,
) -> str:
    """Quarantined rows by reason, and the query that shows them; "" when nothing matches.

    ``source`` / ``origin`` (an import's file path) / ``since`` (a timestamp: rows quarantined from then on)
    narrow the rows; ``warehouse_path`` goes into the suggested `duckdb -readonly` command.
    """
    clauses, params = [], []
    for column, value in (("source", source), ("origin", origin), ("quarantined_at >=", since)):
        if value is not None:
            clauses.append(f"{column} ?" if column.endswith(">=") else f"{column} = ?")
            params.append(value)
    where = " where " + " and ".join(clauses) if clauses else ""
    try:
        rows = con.execute(
            f"select {_REASON_KIND} as kind, count(*) as n from raw.quarantine{where} "
            f"group by kind order by n desc, kind",
            params,
        ).fetchall()
    except duckdb.CatalogException:  # no raw schema yet: nothing was ever quarantined
        return ""
    total = sum(n for _, n in rows)
    if total == 0:
        return ""
    scope = ", ".join(str(v) for v in (source, origin) if v is not None)
    lines = [f"quarantined: {total:,} row{'s' if total != 1 else ''}{f' ({scope})' if scope else ''}, by reason:"]
    for kind, n in rows[:max_reasons]:
        lines.append(f"  {n:>8,}  {kind}")
    if len(rows) > max_reasons:
        lines.append(f"  {sum(n for _, n in rows[max_reasons:]):>8,}  ({len(rows) - max_reasons} other reasons)")
    shown = " and ".join(c.replace("?", _literal(p)) for c, p in zip(clauses, params, strict=True))
    sql = (
        "select source, origin, line_no, record_id, reason, payload from raw.quarantine"
        + (f" where {shown}" if shown else "")
        + " order by quarantined_at desc, origin, line_no limit 50"
    )
    lines.append(f'  where to look: duckdb -readonly {warehouse_path} "{sql}"')
    return "\n".join(lines)
