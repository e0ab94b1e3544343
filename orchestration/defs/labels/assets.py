"""Hand labels and the stance shares corrected with them."""

import os
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from ingestion import labels as L
from ingestion import store
from ingestion.settings import ConfigError
from nlp.prevalence import DEFAULT_BOOTSTRAP, METHOD_ACC, STANCES, LabelledSample, confusion_counts, estimate_prevalence
from orchestration.resources import WarehouseResource

# The stance evaluation set the back-off model never trains on and the rules were not tuned on: its
# confusion rates stand for the classifier's held-out error when a corpus has no labels yet.
HELDOUT_FILES = ("stance_independent_holdout.csv",)
EVAL_DIR = Path(__file__).resolve().parents[3] / "nlp" / "eval_data"
SEED = 20260101


def bootstrap_replicates() -> int:
    """``HAPUSWATCH_PREVALENCE_BOOTSTRAP`` (default 1000): more replicates give smoother interval ends."""
    raw = os.environ.get("HAPUSWATCH_PREVALENCE_BOOTSTRAP", "").strip()
    try:
        value = int(raw) if raw else DEFAULT_BOOTSTRAP
    except ValueError as exc:
        raise ConfigError(f"HAPUSWATCH_PREVALENCE_BOOTSTRAP must be a whole number, got {raw!r}") from exc
    if value < 100:
        raise ConfigError(f"HAPUSWATCH_PREVALENCE_BOOTSTRAP must be at least 100 for a 95% interval, got {value}")
    return value


@dg.asset(
    key=["labels", "stance_labels"],
    group_name="labels",
    kinds={"python", "duckdb"},
    description=(
        "Hand labels (stance, optional sentiment) per post and labeller, table labels.stance_labels. Imports the "
        "labels written by the dashboard's /label page ($HAPUSWATCH_DATA_DIR/labels/pending.csv); "
        "`hapuswatch labels import FILE` adds labelled CSVs. Rows for unknown posts or labels go to raw.quarantine."
    ),
)
def stance_labels(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per (platform, post_id, labeller); a newer label by the same labeller replaces the older."""
    pending = L.pending_labels_path(warehouse.settings.data_dir)
    with warehouse.connect() as con:
        result = L.import_label_file(con, pending) if pending.is_file() else None
        if result is not None:
            context.log.info(result.format())
        mix = con.execute(
            "select stance, count(*) as labels from labels.stance_labels group by 1 order by 2 desc"
        ).df()
        total = int(store.scalar(con, "select count(*) from labels.stance_labels"))
        posts = int(store.scalar(con, "select count(distinct (platform, post_id)) from labels.stance_labels"))
        labellers = int(store.scalar(con, "select count(distinct labeller) from labels.stance_labels"))
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(total),
            "labelled_posts": dg.MetadataValue.int(posts),
            "labellers": dg.MetadataValue.int(labellers),
            "pending_import": result.format() if result else "no pending labels",
            "stance_mix": dg.MetadataValue.md(mix.to_markdown(index=False) if not mix.empty else "_no labels_"),
        }
    )


def weekly_stance_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Classifier counts per week (Monday) × stance over posts with text (deleted posts carry none)."""
    return con.execute(
        """
        select date_trunc('week', p.created_at)::date as week, coalesce(e.stance, 'none') as stance,
               count(*) as posts
        from intermediate.int_posts_unioned p
        left join enrichment.post_enrichment e
          on e.platform = p.platform and e.post_id = p.post_id and e.content_hash = p.content_hash
        where not p.is_deleted
        group by all
        """
    ).df()


def heldout_pairs() -> LabelledSample:
    """The classifier's predictions on the held-out evaluation set (gold, predicted)."""
    from nlp.stance import predict_stance

    frames = [pd.read_csv(EVAL_DIR / name, dtype=str, keep_default_na=False) for name in HELDOUT_FILES]
    data = pd.concat(frames, ignore_index=True)
    data = data[data["label"].isin(STANCES)]
    pred = [label for label, _ in predict_stance(data["text"].tolist())]
    return LabelledSample(tuple(data["label"]), tuple(pred))


def compute_prevalence(
    con: duckdb.DuckDBPyConnection, *, n_boot: int | None = None, seed: int = SEED
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly and all-weeks rows of labels.stance_prevalence, plus the labelled pairs used."""
    n_boot = n_boot if n_boot is not None else bootstrap_replicates()
    counts = weekly_stance_counts(con)
    pairs = L.labelled_pairs(con)
    sample = LabelledSample.from_frame(pairs) if not pairs.empty else None
    heldout = None if sample is not None else heldout_pairs()
    weekly = estimate_prevalence(counts, sample, heldout, n_boot=n_boot, seed=seed)
    totals = estimate_prevalence(counts.assign(week="all"), sample, heldout, n_boot=n_boot, seed=seed + 1)
    now = pd.Timestamp.now(tz="UTC").tz_localize(None)
    weekly = weekly.assign(period="week", computed_at=now)
    totals = totals.assign(period="all", week=pd.NaT, computed_at=now)
    columns = ["period", "week", "stance", "week_posts", "posts", "raw_share", "adjusted_share", "ci_low",
               "ci_high", "n_labelled", "method", "computed_at"]
    frame = pd.concat([weekly[columns], totals[columns]], ignore_index=True)
    frame["week"] = pd.to_datetime(frame["week"]).dt.date
    return frame, pairs


def write_prevalence(con: duckdb.DuckDBPyConnection, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Recompute labels.stance_prevalence in one transaction; returns (rows written, labelled pairs)."""
    frame, pairs = compute_prevalence(con, **kwargs)
    store.replace_prevalence(con, frame)
    return frame, pairs


@dg.asset(
    key=["labels", "stance_prevalence"],
    deps=[
        dg.AssetKey(["labels", "stance_labels"]),
        dg.AssetKey(["enrichment", "post_enrichment"]),
        dg.AssetKey(["intermediate", "int_posts_unioned"]),
    ],
    group_name="labels",
    kinds={"python", "duckdb"},
    description=(
        "Stance shares per week (Monday) and over all weeks: the classifier's raw share, the share corrected "
        "with its confusion rates measured on a random sample of hand-labelled posts (two-phase adjusted "
        "classify-and-count, small weeks pooled toward the all-weeks mix by empirical Bayes) and a 95% "
        "interval holding the labels' and each week's chance errors. Without labels adjusted = raw and the "
        "interval comes from the classifier's held-out error. Table labels.stance_prevalence."
    ),
)
def stance_prevalence(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per period × stance (period = a week or 'all'); shares in a period sum to 1."""
    with warehouse.connect() as con:
        frame, pairs = write_prevalence(con)
    totals = frame[frame["period"] == "all"][["stance", "raw_share", "adjusted_share", "ci_low", "ci_high"]]
    meta = {
        "dagster/row_count": dg.MetadataValue.int(len(frame)),
        "weeks": dg.MetadataValue.int(int((frame["period"] == "week").sum() // len(STANCES))),
        "n_labelled": dg.MetadataValue.int(len(pairs)),
        "method": str(frame["method"].iloc[0]) if not frame.empty else "-",
        "headline_shares": dg.MetadataValue.md(totals.round(3).to_markdown(index=False)),
    }
    if not pairs.empty and frame["method"].iloc[0] == METHOD_ACC:
        conf = confusion_counts(pairs["label"], pairs["stance"]).T.astype(int)  # rows = gold
        table = pd.DataFrame(conf, index=[f"gold {s}" for s in STANCES], columns=list(STANCES))
        meta["confusion_matrix"] = dg.MetadataValue.md(table.to_markdown())
    context.log.info("stance prevalence: %d rows, %d labelled posts", len(frame), len(pairs))
    return dg.MaterializeResult(metadata=meta)
