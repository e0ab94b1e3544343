"""End to end: export a sample → label it (the /label page and a CSV) → import → run → corrected marts.

Starts from a copy of the shared pipeline-built warehouse (demo posts, real enrichment, dbt marts),
labels posts with the demo generator's truth, runs the labels assets as Dagster runs them, rebuilds the
marts with dbt, publishes, and reads the corrected shares back in the published DB and the dashboard.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_marts_published import _dbt, dbt_step_args, shared_published_db

from ingestion import labels as L
from orchestration.cli import main
from orchestration.defs.labels.definitions import defs as labels_defs
from orchestration.defs.publish.analytics import mart_descriptions, publish_analytics_db
from orchestration.resources import WarehouseResource

pytestmark = pytest.mark.xdist_group("labelling-flow")
APP = str(Path(__file__).resolve().parents[1] / "dashboards" / "app.py")
SAMPLE = 250


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A private copy of the shared warehouse and published DB (this test writes labels into it)."""
    analytics = shared_published_db(tmp_path_factory)
    target = tmp_path_factory.mktemp("labelling") / "data"
    target.mkdir()
    for name in ("warehouse.duckdb", "warehouse.duckdb.wal", "analytics.duckdb"):
        if (analytics.parent / name).exists():  # dbt's last writes may still sit in the WAL
            shutil.copy(analytics.parent / name, target / name)
    return target


def _label_page(data_dir: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/label.py").run()
    assert not at.exception
    return at


def _shown_post(at: AppTest) -> str:
    return next(c.value for c in at.caption if re.search(r" UTC · \w+:demo_", c.value)).rsplit(" · ", 1)[-1]


def test_export_label_import_run_gives_corrected_marts(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("HAPUSWATCH_PREVALENCE_BOOTSTRAP", "200")
    warehouse = data_dir / "warehouse.duckdb"
    analytics = data_dir / "analytics.duckdb"
    with duckdb.connect(str(analytics), read_only=True) as con:
        before = con.execute("select distinct method, max(n_labelled) from marts.fct_stance_prevalence group by 1")
        assert before.fetchall() == [("raw+heldout", 0)]

    # 1. the page: one post at a time, progress, a stance click saves to the pending file and moves on
    at = _label_page(data_dir, monkeypatch)
    assert "0 / 400 posts labelled" in at.get("progress")[0].proto.text
    first = _shown_post(at)
    assert any("deleted" in m.value and "already deleted" in m.value for m in at.markdown)  # codebook at hand
    at.button(key="sentiment_negative").click().run()
    at.button(key="stance_deleted").click().run()
    second = _shown_post(at)
    at.button(key="label_skip").click().run()
    third = _shown_post(at)
    assert not at.exception and len({first, second, third}) == 3
    assert "1 / 400 posts labelled (1 waiting" in at.get("progress")[0].proto.text
    pending = L.read_pending_labels(data_dir)
    rows = pending[["post_id", "stance", "sentiment"]].values.tolist()
    assert rows == [[first.split(":")[1], "deleted", "negative"]]

    # 2. export a stratified sample and label it with the generator's truth (a research assistant's job)
    sample_csv = data_dir / "sample.csv"
    assert main(["labels", "export", "--sample", str(SAMPLE), "--seed", "9", "--stratify", "week",
                 "--out", str(sample_csv)]) == 0
    sample = pd.read_csv(sample_csv, dtype=str, keep_default_na=False)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        truth = dict(con.execute("select post_id, raw_payload->>'gen_stance' from raw.demo_posts").fetchall())
    sample["stance"] = sample["post_id"].map(truth)
    sample["labeller"] = "assistant"
    sample.to_csv(sample_csv, index=False)

    # 3. import, 4. run the labels assets (the pending file is imported too), dbt marts, publish
    assert main(["labels", "import", str(sample_csv)]) == 0
    assert f"{SAMPLE} new labels" in capsys.readouterr().out
    result = dg.materialize(
        list(labels_defs().assets), resources={"warehouse": WarehouseResource(data_dir=str(data_dir))},
        raise_on_error=True,
    )
    assert result.success
    target = data_dir / "dbt_target"
    _dbt(dbt_step_args("build", "dbt_marts"), warehouse, target)
    with duckdb.connect(str(warehouse)) as con:
        publish_analytics_db(con, analytics, mart_descriptions(target / "manifest.json"), run_id="labels-test")
        labelled_posts = con.execute(
            "select count(distinct (platform, post_id)) from labels.stance_labels"
        ).fetchone()[0]
        page_label = con.execute(
            "select stance, sentiment from labels.stance_labels where post_id = ? and labeller = 'default'",
            [first.split(":")[1]],
        ).fetchone()
        true_totals = con.execute(
            "select raw_payload->>'gen_stance' as stance, count(*) / sum(count(*)) over () as share "
            "from raw.demo_posts where not is_deleted group by 1"
        ).df().set_index("stance")["share"]
    true_totals = true_totals.reindex(list(L.STANCE_LABELS), fill_value=0.0)

    # 5. the corrected marts
    assert labelled_posts in (SAMPLE, SAMPLE + 1)  # the page's post may also be in the sample
    with duckdb.connect(str(analytics), read_only=True) as con:
        weekly = con.execute("select * from marts.fct_stance_prevalence").df()
        totals = con.execute("select * from marts.fct_stance_prevalence_total").df().set_index("stance")
        totals = totals.reindex(list(L.STANCE_LABELS))
        labels_mart = con.execute("select * from marts.fct_post_labels").df()
    assert (weekly["method"] == "acc").all() and (weekly["n_labelled"] == labelled_posts).all()
    assert weekly.groupby("week")["adjusted_share"].sum().round(9).eq(1).all()
    assert len(labels_mart) == labelled_posts
    assert first in set(labels_mart["post_key"])
    assert page_label == ("deleted", "negative")  # the page's label reached the warehouse via pending.csv
    covered = ((totals["ci_low"] <= true_totals) & (true_totals <= totals["ci_high"])).sum()
    assert covered >= 5  # 95% intervals: at most one of six stances may miss
    raw_err = (totals["raw_share"] - true_totals).abs().sum()
    adj_err = (totals["adjusted_share"] - true_totals).abs().sum()
    assert adj_err < raw_err + 0.01  # never materially worse than the classifier alone

    # the dashboard reads the corrected shares and says how many posts were labelled
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    assert metrics["deleted (corrected)"].value == f"{totals.loc['deleted', 'adjusted_share']:.1%}"
    assert f"Posts labelled: {labelled_posts:,}" in " ".join(c.value for c in at.caption)
    at.switch_page("app_pages/movement.py").run()
    assert not at.exception
    assert f"{labelled_posts:,} hand-labelled posts" in " ".join(c.value for c in at.caption)
    at.switch_page("app_pages/label.py").run()
    assert f"{labelled_posts:,} / 400 posts labelled (0 waiting" in at.get("progress")[0].proto.text
