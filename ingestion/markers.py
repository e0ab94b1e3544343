"""Values that mean "nothing here" or "gone upstream", defined once for every source.

* :data:`MISSING_VALUES` — fillers exports use for an unknown cell (R's ``NA``, JSON-ish ``null``,
  Python's ``None``, pandas' ``nan``, empty strings). A cell holding one of them is NULL.
* :data:`DELETED_MARKERS` — text Reddit (and exports copied from it) put in place of content deleted or
  removed upstream. A post whose body is one of them is deleted.
* :data:`UNKNOWN_AUTHORS` — author values that name nobody: missing values, deletion markers and
  Reddit's bare ``deleted``. Such authors stay NULL (no pseudonym), so strangers are never merged into
  one pseudonymous "author".
"""

from __future__ import annotations

MISSING_VALUES = frozenset({"", "na", "n/a", "nan", "null", "none", "nil", "<na>", "nat", "#n/a"})
DELETED_MARKERS = frozenset({"[deleted]", "[removed]", "[deleted by user]", "[removed by reddit]"})
UNKNOWN_AUTHORS = MISSING_VALUES | DELETED_MARKERS | frozenset({"deleted", "removed", "automoderator"})


def is_missing(value: object) -> bool:
    """True for ``None``, NaN and the string fillers of :data:`MISSING_VALUES` (case-insensitive)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    if isinstance(value, str):
        return value.strip().lower() in MISSING_VALUES
    return False


def is_deleted_marker(value: object) -> bool:
    """True when ``value`` is a deletion placeholder such as ``[deleted]`` / ``[removed]``."""
    return isinstance(value, str) and value.strip().lower() in DELETED_MARKERS
