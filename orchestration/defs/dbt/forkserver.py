"""dbt started once per headless run: each dbt step forks a process that has dbt imported already.

Every `dbt` process spends ≈ 1.3 s importing dbt-core, its adapters and DuckDB before it reads the project;
a run starts two (the staging and the marts step), ≈ 2.6 s of a re-run after 1 % new posts at 1M posts.
`hapuswatch run` therefore starts this fork server next to itself, where those imports run on the second
core while Dagster loads its definitions. Each dbt step then runs a small client as its `dbt` executable
(dagster-dbt starts it exactly as it would start dbt): the client hands its arguments, environment, working
directory and standard streams to the server, which forks a child that runs dbt's own command line
(``dbt.cli.main.cli``) on them. dbt writes its JSON log lines straight into the pipe dagster-dbt reads; the
child's exit status becomes the client's. Signals the client receives (Dagster's SIGINT on a cancelled run)
go on to the child.

The client never depends on the server: without one (`dagster dev`, a dead or missing server) it replaces
itself with the real `dbt` (``os.execv``), so every step still runs. The server serves one dbt command at
a time (the warehouse has one writer anyway), ignores Ctrl-C (the run stops it), and exits when the process
that started it has gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path

#: ``<server pid>:<socket path>`` while a fork server runs for this process (read by the client and by
#: :func:`client_executable`).
SERVER_ENV = "HAPUSWATCH_DBT_SERVER"
CLIENT_NAME = "dbt"
_HEADER = struct.Struct("!Q")
# What the server imports before it accepts work: what every `dbt build` imports before reading the project.
PRELOAD = (
    "dbt.cli.main",
    "dbt.adapters.duckdb",
    "dbt.task.build",
    "dbt.parser.manifest",
    "dbt.context.providers",
    "duckdb",
)

CLIENT_SOURCE = '''#!{python} -IS
# Written by hapuswatch (orchestration/defs/dbt/forkserver.py) for one `hapuswatch run`: runs dbt in a
# process forked from that run's dbt fork server, or replaces itself with the real dbt when there is none.
import json, os, signal, socket, struct, sys, time

REAL_DBT = {real_dbt!r}


def fallback():
    os.execv(REAL_DBT, [REAL_DBT, *sys.argv[1:]])


def alive(pid):
    try:
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def main():
    pid, _, path = os.environ.get({env!r}, "").partition(":")
    if not path or not pid.isdigit():
        fallback()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    deadline = time.monotonic() + 120
    while True:
        try:
            sock.connect(path)
            break
        except OSError:
            # not listening yet (still importing dbt) or gone: wait for it while it lives
            if not alive(int(pid)) or time.monotonic() > deadline:
                sock.close()
                fallback()
            time.sleep(0.02)
    payload = json.dumps({{"argv": sys.argv[1:], "cwd": os.getcwd(), "env": dict(os.environ)}}).encode()
    try:
        socket.send_fds(sock, [struct.pack("!Q", len(payload))], [0, 1, 2])
        sock.sendall(payload)
        reply = sock.makefile("rb")
        line = reply.readline()
    except OSError:
        line = b""
    if not line.startswith(b"pid "):
        sock.close()
        fallback()  # nothing was started: run dbt here
    child = int(line.split()[1])
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _frame: os.kill(child, signum))
    line = reply.readline()
    if line.startswith(b"exit "):
        sys.exit(int(line.split()[1]))
    sys.stderr.write("hapuswatch: the dbt fork server closed the connection before dbt finished\\n")
    sys.exit(1)


main()
'''


def real_dbt() -> str:
    """The `dbt` installed next to this interpreter, so an unactivated virtualenv
    (`.venv/bin/hapuswatch run`, `.venv/bin/dagster dev`) finds it without touching PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def client_executable() -> str | None:
    """The client to use as `dbt` while this process has a fork server (else ``None``)."""
    spec = os.environ.get(SERVER_ENV, "")
    _, _, path = spec.partition(":")
    if not path:
        return None
    client = Path(path).with_name(CLIENT_NAME)
    return str(client) if client.exists() else None


def write_client(folder: Path, python: str = sys.executable, real: str | None = None) -> Path:
    """Write the client script into ``folder`` (executable) and return its path."""
    client = folder / CLIENT_NAME
    client.write_text(CLIENT_SOURCE.format(python=python, real_dbt=real or real_dbt(), env=SERVER_ENV))
    client.chmod(0o755)
    return client


@contextlib.contextmanager
def dbt_fork_server(
    warm_up: Sequence[str] = (), partial_parse: Path | None = None
) -> Iterator[subprocess.Popen | None]:
    """Run a fork server for this process's dbt steps; while it runs, :func:`client_executable` names the
    client and :data:`SERVER_ENV` tells the client where the server listens.

    ``warm_up`` is a side-effect-free dbt command (`dbt parse` with the steps' vars) the server runs once
    before it serves, in a folder of its own seeded with ``partial_parse`` (skipped without one): dbt builds
    its serialisers and JSON schemas on first use (≈ 0.6 s a process), and the forked children inherit
    them. It must not start native thread pools, which a forked child cannot use. Where Unix sockets cannot
    pass file descriptors or ``fork`` is missing, nothing is started (yields ``None``).
    """
    if not hasattr(socket, "send_fds") or not hasattr(os, "fork"):  # not a Unix: every step runs plain dbt
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="hapuswatch-dbt-"))  # private (0700); short enough for a socket path
    path = folder / "server.sock"
    write_client(folder)
    command = [sys.executable, "-m", "orchestration.defs.dbt.forkserver", str(path), str(os.getpid())]
    # without a kept partial parse the warm-up would parse the whole project, delaying the first step
    if warm_up and partial_parse is not None and partial_parse.is_file():
        target = folder / "warm-up"
        target.mkdir()
        shutil.copyfile(partial_parse, target / partial_parse.name)
        command.append(json.dumps([*warm_up, "--target-path", str(target), "--log-path", str(target), "--quiet"]))
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    previous = os.environ.get(SERVER_ENV)
    os.environ[SERVER_ENV] = f"{server.pid}:{path}"
    try:
        yield server
    finally:
        if previous is None:
            os.environ.pop(SERVER_ENV, None)
        else:
            os.environ[SERVER_ENV] = previous
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- server side


def _read_exactly(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    return data


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    header, fds, _flags, _addr = socket.recv_fds(conn, _HEADER.size, 3)
    if not header:
        raise ConnectionError("client went away")
    header += _read_exactly(conn, _HEADER.size - len(header))
    (length,) = _HEADER.unpack(header)
    return json.loads(_read_exactly(conn, length)), list(fds)


def _run_dbt_child(request: dict, fds: list[int]) -> None:
    """In the forked child: become the dbt process the client stands for; never returns."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = [CLIENT_NAME, *request["argv"]]
        from dbt.cli.main import cli

        cli.main(args=list(request["argv"]), prog_name=CLIENT_NAME)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported on the client's stderr like an uncaught error in dbt
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _handle(conn: socket.socket, listener: socket.socket) -> None:
    request, fds = _receive(conn)
    if len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:
        listener.close()
        conn.close()
        _run_dbt_child(request, fds)
    for fd in fds:
        os.close(fd)
    with contextlib.suppress(OSError):  # a client gone by now leaves dbt to finish its work
        conn.sendall(f"pid {child}\n".encode())
    _, status = os.waitpid(child, 0)
    code = os.waitstatus_to_exitcode(status)
    with contextlib.suppress(OSError):
        conn.sendall(f"exit {code if code >= 0 else 128 - code}\n".encode())


def _warm_up(args: Sequence[str]) -> None:
    """Run one dbt command in this process (its output discarded); a failure only loses the head start."""
    from dbt.cli.main import cli

    cwd = os.getcwd()
    saved = os.dup(1), os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        cli.main(args=list(args), prog_name=CLIENT_NAME)
    except BaseException:  # noqa: BLE001, S110 - SystemExit included: dbt always exits through it
        pass
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, devnull):
            os.close(fd)
        os.chdir(cwd)


def serve(path: str, parent: int, warm_up: Sequence[str] = ()) -> None:
    """Import dbt (and run ``warm_up``), then fork one child per client until ``parent`` has gone (or SIGTERM)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the run, which stops this server
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    if warm_up:
        _warm_up(warm_up)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener.bind(path)
    listener.listen(8)
    listener.settimeout(1.0)
    while os.getppid() == parent:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        conn.settimeout(None)
        with conn:
            try:
                _handle(conn, listener)
            except (ConnectionError, OSError, ValueError):
                traceback.print_exc()
    listener.close()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]) if len(sys.argv) > 3 else ())
