"""What `hapuswatch run` and the CLI print (issue 10): blocking checks fail the run, rows agree with what is
stored, quarantine reasons and where to look, a full log without colour codes, one-line argument errors."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.collection.definitions import defs as collection_defs
from orchestration.defs.collection.files import file_posts
from orchestration.defs.dbt.run_dirs import clean_dbt_run_dirs, dbt_run_dir
from orchestration.reporting import quarantine_summary
from orchestration.resources import SourcesResource, WarehouseResource
from orchestration.runner import summarise
from tests.cli import run_hapuswatch

BAD_EXPORT = (
    "id,text,created_at,username,url\n"
    "1,hapus akun fb hari ini,2026-02-14T10:00:00Z,budi,https://x.com/budi/status/1\n"
    "2,bye facebook,kemarin sore,siti,https://x.com/siti/status/2\n"
    ",tanpa id,2026-02-14T11:00:00Z,andi,https://x.com/andi/status/3\n"
    "4,tanggal rusak,31/02/2026 25:61,rina,https://x.com/rina/status/4\n"
)


def _file_checks():
    return [
        c for c in collection_defs().asset_checks
        if any(k.asset_key == dg.AssetKey(["raw", "file_posts"]) for k in c.check_keys)
    ]


def _materialize(data_dir: Path, sources: str) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [file_posts, *_file_checks()],
        resources={"warehouse": WarehouseResource(data_dir=str(data_dir)), "sources": SourcesResource(enabled=sources)},
        raise_on_error=False,
    )


def test_a_failed_blocking_check_fails_the_run_and_says_why(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "imports").mkdir(parents=True)
    (data_dir / "imports" / "export.csv").write_text(BAD_EXPORT, encoding="utf-8")
    started = time.monotonic()
    summary = summarise([_materialize(data_dir, "files")], started)
    assert summary.success  # every step ran ...
    assert not summary.ok  # ... but the quarantine check (severity ERROR) failed: the run fails
    assert [f"{c.asset}:{c.name}" for c in summary.blocking_checks] == ["raw/file_posts:quarantine_share"]
    text = summary.format()
    assert "blocking check FAILED: raw/file_posts:quarantine_share" in text
    assert text.splitlines()[-1].startswith("FAILED: 1 assets") and "1 blocking check failed" in text
    row = next(a for a in summary.assets if a.asset == "raw/file_posts")
    assert (row.rows, row.quarantined, row.checks_passed, row.checks_failed) == (1, 3, 1, 1)


def test_a_disabled_source_reports_the_rows_it_holds(tmp_path):
    """An import loaded posts while `files` is not an enabled source: the asset's rows match the table."""
    data_dir = tmp_path / "data"
    (data_dir / "imports").mkdir(parents=True)
    (data_dir / "imports" / "export.csv").write_text(BAD_EXPORT, encoding="utf-8")
    _materialize(data_dir, "files")
    summary = summarise([_materialize(data_dir, "demo")], time.monotonic())
    row = next(a for a in summary.assets if a.asset == "raw/file_posts")
    assert row.rows == 1 and row.quarantined == 3


def test_quarantine_summary_counts_reasons_and_gives_a_query_that_finds_them(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "imports").mkdir(parents=True)
    (data_dir / "imports" / "export.csv").write_text(BAD_EXPORT, encoding="utf-8")
    _materialize(data_dir, "files")
    warehouse = data_dir / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        text = quarantine_summary(con, warehouse, source="files")
        reasons = dict(con.execute("select reason, count(*) from raw.quarantine group by reason").fetchall())
        assert quarantine_summary(con, warehouse, source="reddit") == ""
        query = text.split('"')[1]
        found = con.execute(query).fetchall()
    assert text.startswith("quarantined: 3 rows (files), by reason:")
    assert sum(reasons.values()) == 3 and len(found) == 3
    assert str(warehouse) in text and "where source = 'files'" in text
    for line in text.splitlines()[1:-1]:
        count, kind = line.split(maxsplit=1)
        assert int(count) >= 1 and any(r.startswith(kind) for r in reasons)


def test_log_capture_keeps_everything_without_colour_codes(tmp_path):
    """Output of Python, of child processes and ANSI-coloured text goes to the log file, stripped; the console
    only gets the summary lines (with --verbose it also gets the log)."""
    script = (
        "import subprocess, sys\n"
        "from pathlib import Path\n"
        "from orchestration.runner import captured_output\n"
        "log = Path(sys.argv[1])\n"
        "with captured_output(log, echo=sys.argv[2] == '1') as say:\n"
        "    print('\\x1b[32mOK\\x1b[0m from python', flush=True)\n"
        "    subprocess.run(['sh', '-c', 'echo child says hi; echo child warning >&2'])\n"
        "    say('summary line')\n"
        "print('after capture')\n"
    )
    for verbose in ("0", "1"):
        log = tmp_path / f"run-{verbose}.log"
        out = subprocess.run(
            [sys.executable, "-c", script, str(log), verbose], capture_output=True, text=True,
            cwd=Path(__file__).resolve().parents[1], timeout=60,
        )
        assert out.returncode == 0, out.stderr
        content = log.read_text()
        assert "OK from python" in content and "child says hi" in content and "child warning" in content
        assert "\x1b" not in content
        if verbose == "0":
            assert out.stdout.splitlines() == ["summary line", "after capture"] and out.stderr == ""
            assert "summary line" in content
        else:
            assert "child says hi" in out.stdout and "summary line" in out.stdout and "\x1b" not in out.stdout


def test_dbt_run_folders_live_in_the_data_dir_and_old_ones_are_removed(tmp_path):
    runs = dbt_run_dir(tmp_path / "data", "dbt_marts", "abcdef123456").parent
    assert runs == tmp_path / "data" / "dbt" / "runs"
    for i in range(5):
        folder = runs / f"dbt_marts-run{i}"
        folder.mkdir(parents=True)
        (folder / "dbt.log").write_text("x")
        (runs / f"dbt_staging-run{i}").mkdir()
        time.sleep(0.01)  # distinct mtimes: the newest are kept
    removed = clean_dbt_run_dirs(runs, ["dbt_marts"], keep=3)
    assert sorted(p.name for p in removed) == ["dbt_marts-run0", "dbt_marts-run1"]
    assert sorted(p.name for p in runs.glob("dbt_marts-*")) == ["dbt_marts-run2", "dbt_marts-run3", "dbt_marts-run4"]
    assert len(list(runs.glob("dbt_staging-*"))) == 5  # another step's folders are its own business


def test_argument_errors_are_one_line_with_exit_code_2(tmp_path):
    env = {"HAPUSWATCH_DATA_DIR": str(tmp_path / "data")}
    port = run_hapuswatch("dashboard", "--port", "99999", env=env)
    assert port.returncode == 2 and port.stdout == ""
    assert port.stderr.strip().splitlines() == [
        "hapuswatch dashboard: argument --port: 99999 is not a port number: use 1-65535 "
        "(see hapuswatch dashboard --help)"
    ]
    day = run_hapuswatch("run", "--from", "notadate", env=env)
    assert day.returncode == 2 and len(day.stderr.strip().splitlines()) == 1
    assert "'notadate' is not a date: write it as YYYY-MM-DD" in day.stderr
    order = run_hapuswatch("run", "--from", "2026-02-02", "--to", "2026-02-01", env=env)
    assert order.returncode == 2 and "is after --to" in order.stderr


def test_lineage_groups_are_the_layers_the_readme_names(dbt_manifest):
    """Each asset's group is its key's layer (raw, staging, ...), and the README lists exactly those groups."""
    from orchestration.definitions import defs

    graph = defs().resolve_asset_graph()
    groups = {}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if node.is_materializable:
            groups[key.to_user_string()] = node.group_name
    assert all(group == key.split("/")[0] for key, group in groups.items()), groups
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    listed = readme.split("Dagster groups:", 1)[1].split("\n", 1)[0]
    assert {g.strip(" `.") for g in listed.replace("→", ",").split(",")} == set(groups.values())


def test_publish_log_is_documented_and_comments_are_plain_text(tmp_path):
    from ingestion import store
    from orchestration.defs.publish.analytics import publish_analytics_db

    target = tmp_path / "analytics.duckdb"
    with store.connect(tmp_path / "w.duckdb") as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_things as select 1 as id")
        publish_analytics_db(con, target, {"fct_things": ("Counts of `deleted` posts.", {"id": "The `id`."})})
    with duckdb.connect(str(target), read_only=True) as reader:
        log_docs = reader.execute(
            "select column_name, comment from duckdb_columns() where schema_name = 'meta'"
        ).fetchall()
        table_doc = reader.execute("select comment from duckdb_tables() where schema_name = 'meta'").fetchone()[0]
        comments = [
            r[0]
            for view in ("duckdb_columns()", "duckdb_tables()")
            for r in reader.execute(f"select comment from {view} where comment is not null").fetchall()
        ]
    assert {c for c, _ in log_docs} == {
        "published_at", "run_id", "table_rows", "build", "rows_rewritten", "rows_since_full_build"
    } and all(d for _, d in log_docs)
    assert "Dagster run" in table_doc
    assert "Counts of deleted posts." in comments and not any("`" in c for c in comments)


def test_fct_posts_preview_for_the_dagster_ui(tmp_path):
    from orchestration.defs.dbt.previews import mart_preview

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_posts as select 'k' || i as post_key, timestamp '2026-02-14 10:00:00' "
            "+ i * interval 1 hour as created_at, 'reddit' as platform, 'comment' as kind, 'id' as lang, "
            "'deleted' as stance, 'negative' as sentiment, 'paten' as topic_label, ['telegram'] as destinations, "
            "'hai @budi_santoso | ' || repeat('x', 200) as text from range(20) t(i)"
        )
        preview = mart_preview(con, "marts", "fct_posts")
    lines = preview.splitlines()
    assert len(lines) == 12 and "created_at" in lines[0] and "telegram" in lines[2]
    assert "budi_santoso" not in preview and "2026-02-15 05:00:00" in lines[2]  # newest first, scrubbed
    assert max(len(line) for line in lines) < 400


def test_run_command_exits_1_on_a_failed_blocking_check_and_0_on_a_warning(monkeypatch, capsys):
    from orchestration import cli, runner

    summary = runner.RunSummary(
        success=True,
        seconds=1.0,
        assets=[runner.AssetSummary("raw/file_posts", 1, 0.1, "file_posts", quarantined=3, checks_passed=1,
                                    checks_failed=1)],
        checks=[runner.CheckSummary("raw/file_posts", "quarantine_share", False, "ERROR", "share 0.75")],
    )
    monkeypatch.setattr(runner, "run_pipeline", lambda *args, **kwargs: summary)
    assert cli.main(["run"]) == 1
    out = capsys.readouterr().out
    assert "blocking check FAILED: raw/file_posts:quarantine_share (share 0.75)" in out
    assert "FAILED: 1 assets" in out and "analytics database" not in out
    summary.checks[0].severity = "WARN"
    assert cli.main(["run"]) == 0
    out = capsys.readouterr().out
    assert "warning check failed: raw/file_posts:quarantine_share" in out and "ok: 1 assets" in out
