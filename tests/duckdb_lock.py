"""Whether another process can open a DuckDB file: none can while a connection in this process holds it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def other_process_can_open(path: Path) -> bool:
    code = f"import duckdb; duckdb.connect({str(path)!r}, read_only=True).close()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
