"""Vectorised text rendering for the demo corpus: templates with ``{slot}`` placeholders, filled per post.

A template is parsed once into literals and slot names. Rendering groups the posts by template and
builds each group's strings with element-wise concatenation of object arrays, so a million posts cost
a few dozen array operations per template instead of a Python call per post. A slot that starts a
sentence (start of template, or after ``. ``, ``! ``, ``? ``, ``: ``) is capitalised.
"""

from __future__ import annotations

import functools
import re

import numpy as np

_SLOT_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SENTENCE_END = (". ", "! ", "? ", ": ", "\n")
_NEVER_CAPITAL = {"link", "mention", "mention2", "tag", "tag2"}  # links, handles and hashtags keep their case
ALPHANUM = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", dtype="S1")


@functools.lru_cache(maxsize=4096)
def parse_template(template: str) -> tuple[tuple[str, ...], tuple[tuple[str, bool], ...]]:
    """Literals and (slot name, capitalise) pairs: ``literals[0] slot0 literals[1] slot1 ... literals[-1]``."""
    literals, slots = [], []
    pos = 0
    for m in _SLOT_RE.finditer(template):
        before = template[pos : m.start()]
        literals.append(before)
        name = m.group(1)
        head = template[: m.start()]
        capital = name not in _NEVER_CAPITAL and (name[0].isupper() or head == "" or head.endswith(_SENTENCE_END))
        slots.append((name.lower(), capital))
        pos = m.end()
    literals.append(template[pos:])
    return tuple(literals), tuple(slots)


def capitalise(values: np.ndarray) -> np.ndarray:
    """First character upper-cased, element-wise (object array of str)."""
    return np.array([v[:1].upper() + v[1:] for v in values], dtype=object) if len(values) else values


class Slots:
    """Per-post slot values: drawn arrays, plus nested slots rendered only for the rows that use them."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.values: dict[str, np.ndarray] = {}
        self.nested: dict[str, tuple[np.ndarray, list[str]]] = {}

    def __setitem__(self, name: str, values: np.ndarray) -> None:
        self.values[name] = values

    def __getitem__(self, name: str) -> np.ndarray:
        return self.take(name, np.arange(self.n))

    def set_nested(self, name: str, template_ids: np.ndarray, templates: list[str]) -> None:
        """A slot whose wording has slots of its own (rendered lazily, row subset by row subset)."""
        self.nested[name] = (template_ids, templates)

    def take(self, name: str, rows: np.ndarray) -> np.ndarray:
        if name in self.values:
            return self.values[name][rows]
        ids, templates = self.nested[name]
        return render(ids[rows], templates, self, rows)


def render(
    template_ids: np.ndarray,
    templates: list[str],
    values: Slots | dict[str, np.ndarray],
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """Fill ``templates[template_ids[i]]`` with the slot values of post ``rows[i]`` for every ``i``."""
    n = len(template_ids)
    if isinstance(values, dict):
        slots = Slots(n)
        slots.values.update(values)
        values = slots
    out = np.empty(n, dtype=object)
    if n == 0:
        return out
    rows = np.arange(n) if rows is None else rows
    order = np.argsort(template_ids, kind="stable")
    bounds = np.flatnonzero(np.diff(template_ids[order])) + 1
    for group in np.split(order, bounds):
        literals, slots = parse_template(templates[int(template_ids[group[0]])])
        if not slots:
            out[group] = literals[0]
            continue
        acc = None
        for (name, capital), literal in zip(slots, literals[1:], strict=True):
            part = values.take(name, rows[group])
            part = capitalise(part) if capital else part
            acc = (literals[0] + part) if acc is None else (acc + part)
            if literal:
                acc = acc + literal
        out[group] = acc
    return out


@functools.lru_cache(maxsize=1024)
def _bank_array(bank: tuple[str, ...]) -> np.ndarray:
    return np.asarray(bank, dtype=object)


def draw(rng: np.random.Generator, bank: list[str], n: int) -> np.ndarray:
    """One uniform draw from ``bank`` per row (object array)."""
    return _bank_array(tuple(bank))[rng.integers(0, len(bank), n)]


def draw_grouped(
    rng: np.random.Generator, groups: np.ndarray, banks: dict[str, list[str]], default: str = ""
) -> np.ndarray:
    """One draw per row from the bank of the row's group (``default`` where a group has no bank)."""
    out = np.full(len(groups), default, dtype=object)
    u = rng.random(len(groups))
    for name, bank in banks.items():
        mask = groups == name
        if mask.any():
            out[mask] = np.asarray(bank, dtype=object)[(u[mask] * len(bank)).astype(np.int64)]
    return out


def random_slugs(rng: np.random.Generator, n: int, length: int = 10) -> np.ndarray:
    """``n`` random alphanumeric strings (short-link ids), without a Python call per string."""
    if n == 0:
        return np.empty(0, dtype=object)
    chars = ALPHANUM[rng.integers(0, len(ALPHANUM), (n, length))]
    return np.ascontiguousarray(chars).view(f"S{length}").ravel().astype(f"U{length}").astype(object)


def join_nonempty(*parts: np.ndarray, sep: str = " ") -> np.ndarray:
    """Element-wise join of string arrays, skipping empty strings (no doubled separators)."""
    out = parts[0].copy()
    for part in parts[1:]:
        has_left = out != ""
        has_right = part != ""
        glue = np.where(has_left & has_right, sep, "").astype(object)
        out = out + glue + part
    return out


def typo(values: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """Give ``share`` of the strings one keyboard slip: two letters swapped, one dropped or one doubled."""
    out = values.copy()
    rows = np.flatnonzero(rng.random(len(values)) < share)
    kinds = rng.integers(0, 3, len(rows))
    where = rng.random(len(rows))
    for row, kind, w in zip(rows, kinds, where, strict=True):
        s = out[row]
        if len(s) < 6:
            continue
        i = 1 + int(w * (len(s) - 3))
        if not (s[i].isalpha() and s[i + 1].isalpha()):
            continue
        if kind == 0:
            out[row] = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        elif kind == 1:
            out[row] = s[:i] + s[i + 1 :]
        else:
            out[row] = s[:i] + s[i] + s[i:]
    return out
