"""The Dagster instance hapuswatch records its runs in: Dagster's SQLite storage, connections kept open.

Dagster's SQLite event log opens a new database engine for every event it stores and closes it after
(``poolclass=NullPool``). Closing the last connection to a SQLite file in WAL mode checkpoints the
log and deletes its ``-wal`` file, so each event costs ≈ 5 ms of file-system work; an asset is
stored in up to three databases (the run's, the cross-run index, the asset-check index). A `hapuswatch
run` stores ≈ 450 events (the dbt tests alone report ≈ 100 asset checks, each planned and then
evaluated), which made the event log ≈ 10 s of a run that adds 1 % to a million posts.

:class:`PooledSqliteEventLogStorage` is that storage with one pooled engine per database, so a
connection stays open between events, and commits with ``synchronous=NORMAL`` (≈ 0.06 ms an event,
measured). The files and their schema are Dagster's own: `dagster dev` without this configuration reads
the same folders. :func:`write_instance_config` points ``$HAPUSWATCH_DATA_DIR/dagster_home/dagster.yaml``
at it, with the folders Dagster's default ``storage: sqlite`` uses (Dagster's own functions name them).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
import yaml
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import _event_logs_directory, _runs_directory, _schedule_directory
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine

#: The first line of a dagster.yaml this module wrote (one without it is the user's and is left alone).
HEADER = "# written by hapuswatch (orchestration/instance.py); rewritten on every run, edits are lost"


def _synchronous_normal(dbapi_connection, _record) -> None:
    # WAL with synchronous=NORMAL: a commit no longer waits for the disk (≈ 0.4 → 0.06 ms an event).
    # The database stays consistent; a power cut can lose the last events (SQLite's documented trade-off).
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's run-sharded SQLite event log with one pooled engine per shard (run or index database).

    Engines of the ``max_engines`` most recently used shards stay open (a long-lived `dagster dev`
    reads many runs' databases); older ones are disposed. Access, and the engines, stay serialised by
    the storage's own lock, as in Dagster's class.
    """

    max_engines = 8

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value) -> PooledSqliteEventLogStorage:  # type: ignore[override]
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        """The shard's engine, made most recently used (callers hold ``_db_lock``)."""
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                pool_size=1,
                max_overflow=4,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            sqlalchemy.event.listen(engine, "connect", _synchronous_normal)
        self._engines[shard] = engine
        while len(self._engines) > self.max_engines:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        super().dispose()
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()


def instance_config(dagster_home: Path) -> dict:
    """dagster.yaml for ``dagster_home``: Dagster's SQLite layout (as ``storage: sqlite`` lays it out),
    the event log through :class:`PooledSqliteEventLogStorage`."""
    home = str(Path(dagster_home).resolve())

    def storage(module: str, cls: str, folder: str) -> dict:
        return {"module": module, "class": cls, "config": {"base_dir": folder}}

    return {
        "run_storage": storage("dagster._core.storage.runs", "SqliteRunStorage", _runs_directory(home)),
        "event_log_storage": storage(__name__, PooledSqliteEventLogStorage.__name__, _event_logs_directory(home)),
        "schedule_storage": storage(
            "dagster._core.storage.schedules", "SqliteScheduleStorage", _schedule_directory(home)
        ),
    }


def write_instance_config(dagster_home: Path) -> bool:
    """Write ``dagster_home/dagster.yaml`` unless a dagster.yaml not written here is there (the user's).

    Returns whether the file is this module's.
    """
    path = Path(dagster_home) / "dagster.yaml"
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current is not None and not current.startswith(HEADER):
        return False
    text = HEADER + "\n" + yaml.safe_dump(instance_config(dagster_home), sort_keys=False)
    if current != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return True
