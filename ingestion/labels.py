"""Hand labels for posts: the codebook's label set, the labels store, CSV import/export, pending labels.

Researchers label a random sample of posts (``hapuswatch labels export`` → a spreadsheet, or the
dashboard's ``/label`` page) and the labels come back through :func:`import_label_file`. Labels live in
the warehouse (schema ``labels``), never only in the published DB, keyed by ``(platform, post_id,
labeller)``: re-importing a file changes nothing (a ledger of file hashes), and a newer label for the
same post and labeller replaces the older one. Rows that cannot be used (unknown post, a stance not
in the codebook, a bad timestamp, bytes that are not UTF-8) go to ``raw.quarantine`` with a reason and
their line number; the good rows load.

The dashboard page writes to a separate append-only CSV (:func:`pending_labels_path`) because the
published DB is read-only and the warehouse has one writer (the pipeline); the next run imports it.

The ``labels`` tables are declared in :mod:`ingestion.warehouse.schema` with every other table. No Dagster imports.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ingestion import store
from ingestion.privacy import scrub_handles
from ingestion.records import QUARANTINE_COLUMNS, quarantine_id, safe_preview

# --- the codebook (one definition source; docs/codebook.md explains it with examples) -----------------

STANCE_LABELS: tuple[str, ...] = ("deleted", "intends", "considering", "urges", "staying", "none")
SENTIMENT_LABELS: tuple[str, ...] = ("positive", "neutral", "negative")
CODEBOOK_DOC = "docs/codebook.md"

STANCE_DEFINITIONS: dict[str, str] = {
    "deleted": "The writer says they (or someone they did it for) already deleted or deactivated a Meta "
    "account (Facebook, Instagram, WhatsApp, Messenger).",
    "intends": "The writer says they will delete, or have started deleting (e.g. requested deletion, "
    "downloading their data first), but it is not done yet.",
    "considering": "The writer weighs deleting, asks whether to, or is tempted, without deciding.",
    "urges": "The writer calls on others to delete (campaigning, how-to pitched as a call to act).",
    "staying": "The writer says they keep their account, or decided against deleting.",
    "none": "No personal stance on deleting: news, questions about how it works, off-topic, spam, or "
    "third-person reports.",
}
SENTIMENT_DEFINITIONS: dict[str, str] = {
    "positive": "Relief, satisfaction, approval, hope.",
    "neutral": "Informational or mixed without a clear leaning.",
    "negative": "Anger, fear, disappointment, complaint.",
}

DEFAULT_LABEL_TARGET = 400  # see README "How many posts to label": ±5 points needs ~400 labelled posts
LABEL_SOURCE = "labels"  # raw.quarantine.source of rejected label rows
DEFAULT_LABELLER = "default"
REQUIRED_COLUMNS = ("platform", "post_id", "stance")
OPTIONAL_COLUMNS = ("sentiment", "labeller", "note", "labelled_at")

LABEL_COLUMNS = ("platform", "post_id", "labeller", "stance", "sentiment", "note", "labelled_at", "origin",
                 "imported_at")


class LabelFileError(ValueError):
    """The file as a whole cannot be imported (missing column, unreadable); nothing was written."""


@dataclass(frozen=True)
class LabelImportResult:
    """What one import did. ``already_imported``: this exact file content was imported before."""

    origin: str
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int
    skipped_blank: int
    already_imported: bool = False

    def format(self) -> str:
        if self.already_imported:
            return f"{self.origin}: already imported (same content); nothing changed"
        return (
            f"{self.origin}: {self.rows_read} rows read; {self.inserted} new labels, {self.updated} replaced, "
            f"{self.unchanged} unchanged, {self.quarantined} quarantined, {self.skipped_blank} without a stance "
            "(skipped)"
        )


def _decode(data: bytes) -> str:
    # surrogateescape keeps undecodable bytes visible per row (they are quarantined, the rest loads)
    text = data.decode("utf-8", errors="surrogateescape")
    return text[1:] if text.startswith("\ufeff") else text


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def read_label_file(
    data: bytes, *, origin: str, default_labeller: str = DEFAULT_LABELLER, now: pd.Timestamp | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Parse a label CSV into (valid label rows, quarantine rows, rows without a stance).

    Columns ``platform,post_id,stance`` are required (a missing one raises :class:`LabelFileError`);
    ``sentiment,labeller,note,labelled_at`` are optional. Rows with a blank stance are not labelled yet
    (an exported sample half filled in) and are skipped, not quarantined. Within one file the last row
    for a (post, labeller) wins.
    """
    now = now if now is not None else pd.Timestamp.now(tz="UTC").tz_localize(None)
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise LabelFileError(
            f"{origin}: missing column(s) {', '.join(missing)}; a label file needs {', '.join(REQUIRED_COLUMNS)} "
            f"(optional: {', '.join(OPTIONAL_COLUMNS)})"
        )
    reader.fieldnames = header
    good: list[dict] = []
    bad: list[dict] = []
    blank = 0
    for row in reader:
        line_no = reader.line_num
        values = {k: (v or "").strip() for k, v in row.items() if k in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
        record = {"platform": values.get("platform", "").lower(), "post_id": values.get("post_id", "")}
        reason = None
        if any(_has_surrogates(v) for v in values.values()):
            reason = "text is not valid UTF-8"
        elif not record["platform"] or not record["post_id"]:
            reason = "missing platform or post_id"
        if reason is None and not values.get("stance"):
            blank += 1
            continue
        stance = values.get("stance", "").lower()
        sentiment = values.get("sentiment", "").lower() or None
        if reason is None and stance not in STANCE_LABELS:
            reason = f"unknown stance {stance!r} (codebook: {', '.join(STANCE_LABELS)})"
        if reason is None and sentiment is not None and sentiment not in SENTIMENT_LABELS:
            reason = f"unknown sentiment {sentiment!r} (codebook: {', '.join(SENTIMENT_LABELS)})"
        labelled_at = now
        if reason is None and values.get("labelled_at"):
            parsed = pd.to_datetime(values["labelled_at"], errors="coerce", utc=True)
            if pd.isna(parsed):
                reason = f"unparsable labelled_at {values['labelled_at'][:40]!r}"
            else:
                labelled_at = parsed.tz_convert(None)
        if reason is not None:
            bad.append({**record, "line_no": line_no, "reason": reason, "payload": dict(row)})
            continue
        good.append(
            {
                **record,
                "labeller": values.get("labeller") or default_labeller,
                "stance": stance,
                "sentiment": sentiment,
                "note": scrub_handles(values.get("note")) or None,
                "labelled_at": labelled_at,
                "line_no": line_no,
            }
        )
    labels = pd.DataFrame(good, columns=["platform", "post_id", "labeller", "stance", "sentiment", "note",
                                         "labelled_at", "line_no"])
    labels = labels.drop_duplicates(subset=["platform", "post_id", "labeller"], keep="last")
    return labels.reset_index(drop=True), _quarantine_frame(bad, origin=origin, now=now), blank


def _quarantine_frame(rows: list[dict], *, origin: str, now: pd.Timestamp) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in QUARANTINE_COLUMNS})
    out = []
    for r in rows:
        payload = safe_preview({k: v for k, v in r["payload"].items() if k and v})
        record_id = safe_preview(r["post_id"]) if r["post_id"] else None
        out.append(
            {
                "quarantine_id": quarantine_id(LABEL_SOURCE, origin, r["line_no"], record_id, payload),
                "source": LABEL_SOURCE,
                "platform": r["platform"] or None,
                "origin": origin,
                "line_no": r["line_no"],
                "record_id": record_id,
                "reason": r["reason"],
                "payload": payload,
                "quarantined_at": now,
            }
        )
    return pd.DataFrame(out, columns=list(QUARANTINE_COLUMNS))


# --- storing -----------------------------------------------------------------------------------------


def _known_posts_sql() -> str:
    """A union of every source's raw posts table (declared once in the warehouse schema; labels only read keys)."""
    return " union all ".join(f"select platform, post_id from {t.name}" for t in store.POST_TABLES.values())


def store_labels(
    con: duckdb.DuckDBPyConnection, labels: pd.DataFrame, *, origin: str, now: pd.Timestamp
) -> tuple[int, int, int, pd.DataFrame]:
    """Upsert labels whose post exists; return (inserted, updated, unchanged, rows for unknown posts).

    A stored label is replaced only by one at least as new (``labelled_at``) that says something else.
    """
    if labels.empty:
        return 0, 0, 0, labels.assign(reason=pd.Series(dtype=object))
    frame = labels.assign(origin=origin, imported_at=now)
    con.register("incoming_labels", frame)
    try:
        known = con.execute(
            f"select i.platform, i.post_id, i.labeller, exists (select 1 from ({_known_posts_sql()}) k "
            "where k.platform = i.platform and k.post_id = i.post_id) as known from incoming_labels i"
        ).df()
        frame = frame.merge(known, on=["platform", "post_id", "labeller"], how="left")
        unknown = frame[~frame["known"].astype(bool)].assign(reason="unknown post (not in the warehouse)")
        frame = frame[frame["known"].astype(bool)].drop(columns=["known"])
    finally:
        con.unregister("incoming_labels")
    if frame.empty:
        return 0, 0, 0, unknown
    con.register("incoming_labels", frame)
    try:
        changed = (
            "(t.stance <> i.stance or t.sentiment is distinct from i.sentiment or t.note is distinct from i.note)"
        )
        inserted, updated, unchanged = con.execute(
            f"""
            select
              count(*) filter (where t.post_id is null),
              count(*) filter (where t.post_id is not null and i.labelled_at >= t.labelled_at and {changed}),
              count(*) filter (where t.post_id is not null and not (i.labelled_at >= t.labelled_at and {changed}))
            from incoming_labels i
            left join labels.stance_labels t using (platform, post_id, labeller)
            """
        ).fetchall()[0]
        cols = ", ".join(LABEL_COLUMNS)
        con.execute(
            f"""
            insert into labels.stance_labels ({cols}) select {cols} from incoming_labels
            on conflict (platform, post_id, labeller) do update set
              stance = excluded.stance, sentiment = excluded.sentiment, note = excluded.note,
              labelled_at = excluded.labelled_at, origin = excluded.origin, imported_at = excluded.imported_at
            where excluded.labelled_at >= labels.stance_labels.labelled_at
              and (labels.stance_labels.stance <> excluded.stance
                   or labels.stance_labels.sentiment is distinct from excluded.sentiment
                   or labels.stance_labels.note is distinct from excluded.note)
            """
        )
    finally:
        con.unregister("incoming_labels")
    return int(inserted), int(updated), int(unchanged), unknown


def import_label_file(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    *,
    default_labeller: str = DEFAULT_LABELLER,
    now: pd.Timestamp | None = None,
) -> LabelImportResult:
    """Import one label CSV into ``labels.stance_labels`` in one transaction (see module docstring)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LabelFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    origin = str(path)
    now = now if now is not None else pd.Timestamp.now(tz="UTC").tz_localize(None)
    digest = hashlib.sha256(data).hexdigest()
    if store.scalar(con, "select count(*) from labels.label_files where file_sha256 = ?", [digest]):
        return LabelImportResult(origin, 0, 0, 0, 0, 0, 0, already_imported=True)
    labels, rejected, blank = read_label_file(data, origin=origin, default_labeller=default_labeller, now=now)
    rows_read = len(labels) + len(rejected) + blank
    with store.transaction(con):
        inserted, updated, unchanged, unknown = store_labels(con, labels, origin=origin, now=now)
        if not unknown.empty:
            unknown_rows = [
                {"platform": r.platform, "post_id": r.post_id, "line_no": int(r.line_no), "reason": r.reason,
                 "payload": {"platform": r.platform, "post_id": r.post_id, "labeller": r.labeller,
                             "stance": r.stance}}
                for r in unknown.itertuples()
            ]
            rejected = pd.concat([rejected, _quarantine_frame(unknown_rows, origin=origin, now=now)])
        store.quarantine_rows(con, rejected)
        con.execute(
            "insert into labels.label_files values (?, ?, ?, ?, ?, ?)",
            [digest, origin, rows_read, inserted + updated + unchanged, len(rejected), now],
        )
    return LabelImportResult(origin, rows_read, inserted, updated, unchanged, len(rejected), blank)


def resolved_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One label per post: the labellers' majority stance (ties: the latest label), with label count.

    Same rule as the mart ``fct_post_labels``. Needs the label tables (works on a read-only connection).
    """
    return con.execute(
        """
        with votes as (
            select platform, post_id, stance, count(*) as n, max(labelled_at) as latest
            from labels.stance_labels group by all
        ),
        ranked as (
            select *, row_number() over (partition by platform, post_id order by n desc, latest desc, stance)
                   as rn,
                   sum(n) over (partition by platform, post_id) as n_labels
            from votes
        )
        select platform, post_id, stance as label, n_labels::integer as n_labels, latest as labelled_at
        from ranked where rn = 1 order by platform, post_id
        """
    ).df()


# --- exporting a sample to label --------------------------------------------------------------------

EXPORT_COLUMNS = ("platform", "post_id", "week", "link", "context", "text", "stance", "sentiment", "labeller",
                  "note")


def sample_unlabelled(
    con: duckdb.DuckDBPyConnection, n: int, *, seed: int = 0, stratify: str | None = None
) -> pd.DataFrame:
    """A random sample of ``n`` unlabelled posts with text, ready to label (stance etc. left blank).

    The order is a keyed hash of (seed, platform, post_id), so the same seed gives the same sample on
    any machine and a larger ``n`` extends a smaller one. ``stratify="week"`` allocates the sample to
    weeks in proportion to their posts (largest remainder), so every busy week is represented.
    """
    if n <= 0:
        raise ValueError("--sample must be a positive number of posts")
    if stratify not in (None, "week"):
        raise ValueError(f"unknown stratification {stratify!r}; supported: week")
    exists = store.scalar(
        con,
        "select count(*) from information_schema.tables where table_schema = 'intermediate' "
        "and table_name = 'int_posts_unioned'",
    )
    if not exists:
        raise LabelFileError("no posts yet: run `hapuswatch run` first, then export a sample")
    frame = con.execute(
        """
        with posts as (
            select * from intermediate.int_posts_unioned
            where not is_deleted and text is not null
        ),
        labelled as (select distinct platform, post_id from labels.stance_labels),
        candidates as (
            select p.platform, p.post_id, date_trunc('week', p.created_at)::date as week, p.url as link,
                   coalesce(parent.text, '') as context, p.text,
                   md5(concat(?::varchar, ':', p.platform, ':', p.post_id)) as draw
            from posts p
            left join intermediate.int_posts_unioned parent
              on parent.platform = p.platform and parent.post_id = p.parent_id and not parent.is_deleted
            where not exists (select 1 from labelled l where l.platform = p.platform and l.post_id = p.post_id)
        )
        select * from candidates order by draw
        """,
        [str(seed)],
    ).df()
    if stratify == "week" and not frame.empty:
        sizes = frame.groupby("week").size()
        quota = sizes / sizes.sum() * min(n, len(frame))
        alloc = np.floor(quota).astype(int)
        remainder = (quota - alloc).sort_values(ascending=False, kind="stable")
        for week in remainder.index[: int(min(n, len(frame)) - alloc.sum())]:
            alloc[week] += 1
        frame["rank_in_week"] = frame.groupby("week").cumcount()
        frame = frame[frame["rank_in_week"] < frame["week"].map(alloc)].sort_values("draw")
    sample = frame.head(n).copy()
    for col in ("stance", "sentiment", "labeller", "note"):
        sample[col] = ""
    sample["week"] = sample["week"].astype(str)
    return sample[list(EXPORT_COLUMNS)].reset_index(drop=True)


# --- the dashboard's pending labels (append-only CSV; imported by the next run) ---------------------

PENDING_COLUMNS = ("platform", "post_id", "stance", "sentiment", "labeller", "note", "labelled_at")


def label_target(environ: dict[str, str] | None = None) -> int:
    """Posts a project aims to label (``HAPUSWATCH_LABEL_TARGET``), shown as progress on /label."""
    import os

    raw = (os.environ if environ is None else environ).get("HAPUSWATCH_LABEL_TARGET", "").strip()
    try:
        value = int(raw) if raw else DEFAULT_LABEL_TARGET
    except ValueError as exc:
        from ingestion.settings import ConfigError

        raise ConfigError(f"HAPUSWATCH_LABEL_TARGET must be a whole number, got {raw!r}") from exc
    return max(value, 1)


def pending_labels_path(data_dir: Path) -> Path:
    return Path(data_dir) / "labels" / "pending.csv"


@contextlib.contextmanager
def _locked(path: Path, mode: str) -> Iterator[io.TextIOWrapper]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, mode, encoding="utf-8", newline="") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX if "a" in mode else fcntl.LOCK_SH)
        try:
            yield fh
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def append_pending_label(
    data_dir: Path,
    *,
    platform: str,
    post_id: str,
    stance: str,
    sentiment: str | None = None,
    labeller: str = DEFAULT_LABELLER,
    note: str | None = None,
    labelled_at: pd.Timestamp | None = None,
) -> Path:
    """Append one label to the pending file (validated now, so the import never quarantines it)."""
    if stance not in STANCE_LABELS:
        raise ValueError(f"unknown stance {stance!r}")
    if sentiment is not None and sentiment not in SENTIMENT_LABELS:
        raise ValueError(f"unknown sentiment {sentiment!r}")
    path = pending_labels_path(data_dir)
    at = labelled_at if labelled_at is not None else pd.Timestamp.now(tz="UTC").tz_localize(None)
    with _locked(path, "a") as fh:
        writer = csv.writer(fh)
        if fh.tell() == 0:
            writer.writerow(PENDING_COLUMNS)
        writer.writerow([platform, post_id, stance, sentiment or "", labeller or DEFAULT_LABELLER, note or "",
                         at.isoformat()])
    return path


def read_pending_labels(data_dir: Path) -> pd.DataFrame:
    """The pending labels written by the page (empty frame when there are none)."""
    path = pending_labels_path(data_dir)
    if not path.is_file():
        return pd.DataFrame(columns=list(PENDING_COLUMNS))
    with _locked(path, "r") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def write_sample_csv(sample: pd.DataFrame, out: Path) -> Path:
    """Write an exported sample as UTF-8 CSV (opens in spreadsheets; imports back unchanged)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sample.to_csv(out, index=False, encoding="utf-8")
    return out


def labelled_pairs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Resolved hand label and current classifier stance of every labelled post still in the corpus."""
    labels = resolved_labels(con)
    con.register("resolved_labels", labels)
    try:
        return con.execute(
            """
            select r.platform, r.post_id, r.label, coalesce(e.stance, 'none') as stance
            from resolved_labels r
            join intermediate.int_posts_unioned p using (platform, post_id)
            left join enrichment.post_enrichment e
              on e.platform = p.platform and e.post_id = p.post_id and e.content_hash = p.content_hash
            where not p.is_deleted
            """
        ).df()
    finally:
        con.unregister("resolved_labels")
