"""The dbt fork server: dbt steps run in a child forked from a process that imported dbt once.

These run the real dbt (its command line, no warehouse): `dbt parse` and unknown commands.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from orchestration.defs.dbt.commands import DBT_PROJECT_DIR, dbt_warm_up_args
from orchestration.defs.dbt.forkserver import SERVER_ENV, client_executable, dbt_fork_server, real_dbt, write_client

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and Unix sockets")


def _run(command: list[str], env: dict[str, str], cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=90)


def _parse_args(target, warehouse) -> list[str]:
    # `dbt parse` writes target/manifest.json and never opens the warehouse
    return ["parse", "--vars", json.dumps({"warehouse_path": str(warehouse)}), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--project-dir", ".", "--log-path", str(target)]  # fmt: skip


def test_a_client_without_a_server_is_the_real_dbt(tmp_path):
    client = write_client(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != SERVER_ENV}
    done = _run([str(client), "--version"], env)
    direct = _run([real_dbt(), "--version"], env)
    assert done.returncode == direct.returncode == 0
    assert done.stdout == direct.stdout and "1.11" in done.stdout
    # a server that is gone (a dead pid) is the same: the client runs dbt itself
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    done = _run([str(client), "--version"], {**env, SERVER_ENV: f"{dead.pid}:{tmp_path / 'none.sock'}"})
    assert done.returncode == 0 and done.stdout == direct.stdout


def test_dbt_runs_in_a_child_of_the_server_with_the_callers_arguments_environment_and_folder(tmp_path):
    target = tmp_path / "target"
    with dbt_fork_server() as server:
        client = client_executable()
        assert client is not None and os.environ[SERVER_ENV].startswith(f"{server.pid}:")
        # the working directory and DBT_TARGET_PATH reach dbt: manifest.json lands where the env var says
        env = {**os.environ, "DBT_TARGET_PATH": str(target)}
        done = _run([client, *_parse_args(target, tmp_path / "w.duckdb")], env, cwd=DBT_PROJECT_DIR)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (target / "manifest.json").is_file()
        # dbt's exit status is the client's: an unknown command is a usage error (2), reported on stderr
        bad = _run([client, "no-such-command"], dict(os.environ))
        assert bad.returncode == 2 and "No such command" in bad.stderr
        assert server.poll() is None  # the server outlives its children
    assert SERVER_ENV not in os.environ and client_executable() is None
    assert server.poll() is not None  # stopped with the run


def test_children_parse_models_again_after_a_warm_up_that_parsed_them(tmp_path):
    """The warm-up `dbt parse` runs in the server; a child forked after it must be able to parse models too.
    dbt's static parser (dbt-extractor, Rust) keeps state a forked child cannot use: with it on in the
    warm-up, a child re-parsing models after a macro change hung (seen in a 1M-post run; reproduced here)."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    warehouse = tmp_path / "w.duckdb"
    seed = tmp_path / "seed"
    first = _run([real_dbt(), *_parse_args(seed, warehouse)], {**os.environ, "DBT_TARGET_PATH": str(seed)}, cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    # a changed macro makes both the warm-up and the child parse the models that use it
    macro = project / "macros" / "changed_rows.sql"
    macro.write_text(macro.read_text(encoding="utf-8") + "\n{# changed #}\n", encoding="utf-8")
    warm_up = [a.replace(str(DBT_PROJECT_DIR), str(project)) for a in dbt_warm_up_args(warehouse)]
    with dbt_fork_server(warm_up, seed / "partial_parse.msgpack") as server:
        target = tmp_path / "target"
        shutil.copytree(seed, target)
        env = {**os.environ, "DBT_TARGET_PATH": str(target)}
        done = _run([client_executable(), *_parse_args(target, warehouse)], env, cwd=project)
        assert done.returncode == 0, done.stdout + done.stderr
        assert server.poll() is None
    assert (target / "manifest.json").stat().st_mtime > (seed / "manifest.json").stat().st_mtime


def test_without_descriptor_passing_no_server_starts(monkeypatch):
    import socket

    monkeypatch.delattr(socket, "send_fds")
    with dbt_fork_server() as server:
        assert server is None and client_executable() is None  # the steps run the real dbt
