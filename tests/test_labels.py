"""Hand labels: CSV import (validation, quarantine, idempotence, newer-replaces-older), export, pending file, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ingestion import labels as L
from ingestion import store
from ingestion.records import normalise_posts
from ingestion.sources.demo import generate_demo_posts
from orchestration.cli import main

N_POSTS = 300


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Demo posts in raw.demo_posts and a stand-in for dbt's int_posts_unioned (same columns the code reads)."""
    path = tmp_path / "data" / "warehouse.duckdb"
    posts, _ = normalise_posts(generate_demo_posts(N_POSTS, seed=3), source="demo", key=b"k")
    with store.connect(path) as con:
        store.upsert_posts(con, "demo", posts)
        con.execute("create schema intermediate")
        con.execute(
            "create table intermediate.int_posts_unioned as select *, platform || ':' || post_id as post_key, "
            "nullif(trim(concat_ws(E'\\n\\n', title, body)), '') as text from raw.demo_posts"
        )
    return path


def _truth(path: Path, platform: str | None = "reddit") -> pd.DataFrame:
    """The generator's true stance per post (the demo's Reddit posts by default: the rows below say `reddit`)."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select platform, post_id, raw_payload->>'gen_stance' as stance from raw.demo_posts "
            "where not is_deleted and (? is null or platform = ?) order by post_id",
            [platform, platform],
        ).df()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_posts_store_the_generators_true_stance(warehouse):
    truth = _truth(warehouse, platform=None)
    assert len(truth) > 250
    assert set(truth["stance"]) == set(L.STANCE_LABELS)


def test_import_validates_quarantines_bad_rows_and_reimport_changes_nothing(warehouse, tmp_path):
    truth = _truth(warehouse)
    good = truth.head(5)
    lines = ["platform,post_id,stance,sentiment,labeller,note"]
    lines += [f"{r.platform},{r.post_id},{r.stance},,ana," for r in good.itertuples()]
    lines += [
        f"reddit,{truth.post_id[5]},maybe,,ana,",  # unknown stance
        f"reddit,{truth.post_id[6]},deleted,angry,ana,",  # unknown sentiment
        "reddit,demo_nope,deleted,,ana,",  # unknown post
        f"reddit,{truth.post_id[7]},,,ana,",  # not labelled yet: skipped
        f"reddit,{truth.post_id[8]},DELETED,Negative,ana,sarkas ke u/someone",  # case-insensitive, note scrubbed
    ]
    csv_path = _write(tmp_path / "labels.csv", "\n".join(lines) + "\n")
    with store.connect(warehouse) as con:
        result = L.import_label_file(con, csv_path)
        assert (result.inserted, result.quarantined, result.skipped_blank) == (6, 3, 1)
        stored = con.execute("select * from labels.stance_labels order by post_id").df()
        reasons = con.execute(
            "select line_no, reason from raw.quarantine where source = 'labels' order by line_no"
        ).fetchall()
        again = L.import_label_file(con, csv_path)
        after = con.execute("select * from labels.stance_labels order by post_id").df()
        quarantined = store.scalar(con, "select count(*) from raw.quarantine where source = 'labels'")
    assert len(stored) == 6 and set(stored["labeller"]) == {"ana"}
    row = stored[stored["post_id"] == truth.post_id[8]].iloc[0]
    assert (row["stance"], row["sentiment"]) == ("deleted", "negative")
    assert "someone" not in row["note"] and "u/[user]" in row["note"]
    assert [line for line, _ in reasons] == [7, 8, 9]
    assert "unknown stance 'maybe'" in reasons[0][1]
    assert "unknown sentiment 'angry'" in reasons[1][1]
    assert reasons[2][1] == "unknown post (not in the warehouse)"
    assert again.already_imported
    pd.testing.assert_frame_equal(stored, after)
    assert quarantined == 3


def test_newer_label_replaces_older_for_the_same_labeller_only(warehouse, tmp_path):
    pid = _truth(warehouse).post_id[0]
    first = _write(tmp_path / "a.csv", f"platform,post_id,stance,labeller,labelled_at\nreddit,{pid},intends,ana,"
                                       "2026-01-02T10:00:00\nreddit,{pid},none,budi,2026-01-02T10:00:00\n"
                   .replace("{pid}", pid))
    newer = _write(tmp_path / "b.csv", f"platform,post_id,stance,labeller,labelled_at\n"
                                       f"reddit,{pid},deleted,ana,2026-01-05T09:00:00\n")
    older = _write(tmp_path / "c.csv", f"platform,post_id,stance,labeller,labelled_at\n"
                                       f"reddit,{pid},staying,ana,2025-12-01T09:00:00\n")
    with store.connect(warehouse) as con:
        L.import_label_file(con, first)
        replaced = L.import_label_file(con, newer)
        stale = L.import_label_file(con, older)
        rows = dict(con.execute("select labeller, stance from labels.stance_labels").fetchall())
        resolved = L.resolved_labels(con)
    assert (replaced.inserted, replaced.updated) == (0, 1)
    assert (stale.updated, stale.unchanged) == (0, 1)
    assert rows == {"ana": "deleted", "budi": "none"}
    # two labellers disagree: the tie goes to the latest label
    assert resolved.set_index("post_id").loc[pid, "label"] == "deleted"
    assert resolved.set_index("post_id").loc[pid, "n_labels"] == 2


def test_a_file_without_the_required_columns_is_rejected_whole(warehouse, tmp_path):
    bad = _write(tmp_path / "bad.csv", "platform,id,label\nreddit,demo_c1,deleted\n")
    with store.connect(warehouse) as con, pytest.raises(L.LabelFileError, match="missing column.*post_id"):
        L.import_label_file(con, bad)


def test_undecodable_bytes_quarantine_only_their_row(warehouse, tmp_path):
    truth = _truth(warehouse)
    data = (f"platform,post_id,stance,note\nreddit,{truth.post_id[0]},deleted,ok\n".encode()
            + f"reddit,{truth.post_id[1]},none,bad \xff bytes\n".encode("latin-1"))
    path = tmp_path / "bytes.csv"
    path.write_bytes(data)
    with store.connect(warehouse) as con:
        result = L.import_label_file(con, path)
        reason = store.scalar(con, "select reason from raw.quarantine where source = 'labels'")
    assert (result.inserted, result.quarantined) == (1, 1)
    assert reason == "text is not valid UTF-8"


def test_export_is_a_reproducible_random_sample_of_unlabelled_posts(warehouse, tmp_path):
    with store.connect(warehouse) as con:
        a = L.sample_unlabelled(con, 40, seed=1)
        b = L.sample_unlabelled(con, 40, seed=1)
        c = L.sample_unlabelled(con, 40, seed=2)
        strat = L.sample_unlabelled(con, 40, seed=1, stratify="week")
        weeks = con.execute(
            "select date_trunc('week', created_at)::date::varchar as week, count(*) as n "
            "from intermediate.int_posts_unioned where not is_deleted and text is not null group by 1"
        ).df().set_index("week")["n"]
        labelled_file = L.write_sample_csv(a.assign(stance="none"), tmp_path / "labelled.csv")
        L.import_label_file(con, labelled_file)
        after = L.sample_unlabelled(con, 1000, seed=1)
        with pytest.raises(ValueError, match="positive"):
            L.sample_unlabelled(con, 0)
    assert list(a.columns) == list(L.EXPORT_COLUMNS)
    assert a["post_id"].tolist() == b["post_id"].tolist() != c["post_id"].tolist()
    assert a["text"].notna().all() and a["link"].str.startswith("https://").all()
    assert (a["stance"] == "").all()
    # proportional allocation: each week gets its share of the sample, within one post
    expected = weeks / weeks.sum() * 40
    got = strat["week"].value_counts().reindex(expected.index, fill_value=0)
    assert ((got - expected).abs() < 1.0 + 1e-9).all() and len(strat) == 40
    assert not set(after["post_id"]) & set(a["post_id"])
    assert len(after) == weeks.sum() - 40


def test_pending_labels_from_the_page_round_trip(warehouse, tmp_path):
    data_dir = warehouse.parent
    pid = _truth(warehouse).post_id[0]
    L.append_pending_label(data_dir, platform="reddit", post_id=pid, stance="urges", sentiment="positive",
                           labeller="ana", labelled_at=pd.Timestamp("2026-01-01 10:00"))
    L.append_pending_label(data_dir, platform="reddit", post_id=pid, stance="deleted", labeller="ana",
                           labelled_at=pd.Timestamp("2026-01-01 10:05"))
    with pytest.raises(ValueError, match="unknown stance"):
        L.append_pending_label(data_dir, platform="reddit", post_id=pid, stance="maybe")
    pending = L.read_pending_labels(data_dir)
    assert pending["stance"].tolist() == ["urges", "deleted"]
    with store.connect(warehouse) as con:
        result = L.import_label_file(con, L.pending_labels_path(data_dir))
        row = con.execute("select stance, sentiment, labelled_at from labels.stance_labels").fetchone()
    assert result.inserted == 1 and result.quarantined == 0
    assert row[:2] == ("deleted", None) and str(row[2]) == "2026-01-01 10:05:00"


def test_cli_labels_export_import_and_live_confusion_matrix(warehouse, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(warehouse.parent))
    out = tmp_path / "sample.csv"
    assert main(["labels", "export", "--sample", "30", "--seed", "4", "--out", str(out)]) == 0
    sample = pd.read_csv(out, dtype=str, keep_default_na=False)
    truth = _truth(warehouse, platform=None).set_index("post_id")["stance"]
    sample["stance"] = sample["post_id"].map(truth)
    sample.to_csv(out, index=False)
    assert main(["labels", "import", str(out), "--labeller", "cli"]) == 0
    assert "30 new labels" in capsys.readouterr().out
    assert main(["labels", "import", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
    # the live matrix needs the classifier's stances: enrichment rows for the labelled posts
    with store.connect(warehouse) as con:
        con.execute(
            "insert into enrichment.post_enrichment (platform, post_id, content_hash, lang, stance, sentiment, "
            "enrich_version, enriched_at) select platform, post_id, content_hash, 'id', "
            "case when raw_payload->>'gen_stance' = 'urges' then 'deleted' else raw_payload->>'gen_stance' end, "
            "'neutral', 'test', now() from raw.demo_posts where not is_deleted"
        )
    assert main(["eval", "stance", "--labels"]) == 0
    report = capsys.readouterr().out
    assert "n=30" in report and "confusion matrix" in report
    assert report.strip().splitlines()[-1].startswith("macro_f1=")
    urges = int((sample["stance"] == "urges").sum())
    accuracy = float(next(line for line in report.splitlines() if line.startswith("accuracy")).split()[1])
    assert accuracy == pytest.approx((30 - urges) / 30, abs=1e-3)


def test_label_definitions_cover_the_codebook():
    assert set(L.STANCE_DEFINITIONS) == set(L.STANCE_LABELS)
    assert set(L.SENTIMENT_DEFINITIONS) == set(L.SENTIMENT_LABELS)
    assert json.dumps(L.STANCE_LABELS) == '["deleted", "intends", "considering", "urges", "staying", "none"]'


def test_eval_labels_without_a_warehouse_or_labels_says_what_to_do(tmp_path, monkeypatch, capsys, warehouse):
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(tmp_path / "empty"))
    assert main(["eval", "stance", "--labels"]) == 2
    assert "run `hapuswatch run` first" in capsys.readouterr().err
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(warehouse.parent))
    assert main(["eval", "stance", "--labels"]) == 2  # posts, label tables (created on connect), no labels
    assert "no stored labels" in capsys.readouterr().err
