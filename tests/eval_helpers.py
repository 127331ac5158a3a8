"""Scoring helpers for the analysis evaluations: mention precision/recall/F1 and entity merge rate.

Reusable by any test: inputs are plain (start, end, type) triples and entity dicts/objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# GPE, LOC and FAC count as one class when scoring (the line between them is a matter of convention).
TYPE_CLASS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


def type_class(t: str) -> str:
    return TYPE_CLASS.get(t, t)


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


def prf(gold: Iterable[Any], system: Iterable[Any]) -> PRF:
    """Exact-match precision/recall/F1 of two collections of hashable items."""
    g, s = set(gold), set(system)
    return PRF(len(g & s), len(s - g), len(g - s))


def _field(obj: Any, name: str) -> Any:
    return obj[name] if isinstance(obj, dict) else getattr(obj, name)


def mention_set(entities: Iterable[Any]) -> set[tuple[int, int, str]]:
    """(start, end, type class) of every mention of entities given as dicts or model.Entity."""
    out = set()
    for e in entities:
        for m in _field(e, "mentions"):
            out.add((_field(m, "start"), _field(m, "end"), type_class(_field(e, "type"))))
    return out


def mention_prf(gold_entities: Iterable[Any], system_entities: Iterable[Any]) -> PRF:
    """Mention-level scores: span must match exactly, type up to GPE/LOC/FAC."""
    return prf(mention_set(gold_entities), mention_set(system_entities))


@dataclass(frozen=True)
class MergeResult:
    merged: int
    total: int
    failures: tuple[str, ...]

    @property
    def rate(self) -> float:
        return self.merged / self.total if self.total else 1.0


def merge_rate(gold_entities: Iterable[Any], system_entities: Iterable[Any]) -> MergeResult:
    """Of the gold entities with two or more mentions, how many are fully merged: all their gold
    mentions (by span) belong to one system entity whose name equals the gold canonical name."""
    owner: dict[tuple[int, int], Any] = {}
    for e in system_entities:
        for m in _field(e, "mentions"):
            owner[(_field(m, "start"), _field(m, "end"))] = e
    merged = total = 0
    failures = []
    for g in gold_entities:
        spans = [(_field(m, "start"), _field(m, "end")) for m in _field(g, "mentions")]
        if len(spans) < 2:
            continue
        total += 1
        owners = {id(owner.get(s)) for s in spans}
        sys_e = owner.get(spans[0])
        if len(owners) == 1 and sys_e is not None and _field(sys_e, "name") == _field(g, "name"):
            merged += 1
        else:
            names = sorted({_field(owner[s], "name") if s in owner else "-" for s in spans})
            failures.append(f"{_field(g, 'name')}: {names}")
    return MergeResult(merged, total, tuple(failures))


def load_gold(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """(file, entities) from a labels file such as tests/fixtures/seed_entities.json."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["file"], data["entities"]


def line_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: the paragraphs of a one-paragraph-per-line article."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out
