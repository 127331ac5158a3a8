"""The analyst's corrections, stored in the library as rules keyed by names (``analysis.corrections``).

Adding or undoing one re-links, in the same transaction, every article it may change: those whose
entities carry one of its names, those whose text contains one (found through the search index; a
rejected name is no longer among the entities), and for an article's quote or section rule, that
article. Every later analysis gets the rules applied as well (``Library.corrected``), so they outlive
re-analysis, a new taxonomy and re-import, and reach articles imported after them.

Corrections travel in the JSON export (``"corrections"``) and come back in with ``briefing import`` of
such an export (``import_export``), so a team can share them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..analysis.corrections import ENTITY_KINDS, KINDS, Rule, name_key, text_key
from ..errors import BriefingError
from ..model import ENTITY_TYPES, Document
from .entities import LibraryEntity, aliases, find_entities
from .store import ROWID_SHIFT, decode_analysis, now_iso

if TYPE_CHECKING:
    from ..model import Analysis
    from .api import Library


class Correction(NamedTuple):
    id: int
    kind: str
    article: str | None  # the article's source (quote speaker, section topic)
    args: dict[str, Any]
    created: str
    undone: str | None

    def describe(self) -> str:
        a = self.args
        names = a.get("names") or []
        first = names[0] if names else ""
        if self.kind == "retype":
            return f"{first} is a {a.get('type')}"
        if self.kind == "rename":
            return f"{first} is called {a.get('value')}"
        if self.kind == "merge":
            return f"{first} is the same as {a.get('value')}"
        if self.kind == "split":
            return f"{a.get('value')} is not {first}"
        if self.kind == "reject":
            return f"{first} is not an entity"
        if self.kind == "speaker":
            return f"“{_short(a.get('anchor', ''))}” was said by {a.get('value')}"
        return f"the section “{_short(a.get('anchor', ''))}” is about {a.get('label') or a.get('value')}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "article": self.article, **self.args, "created": self.created,
                "description": self.describe()}


def _short(s: str, n: int = 48) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def list_corrections(lib: Library, undone: bool = False) -> list[Correction]:
    with lib.read() as conn:
        rows = conn.execute(
            "SELECT id, kind, article_source, args, created, undone FROM corrections "
            + ("" if undone else "WHERE undone IS NULL ")
            + "ORDER BY id"
        ).fetchall()
    return [Correction(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows]


# ---------------------------------------------------------------------------- making rules
def resolve(lib: Library, name: str) -> LibraryEntity:
    """The one library entity ``name`` names, or a one-line error (none, or several: listed)."""
    found = find_entities(lib, name)
    if not found:
        raise BriefingError(f"{name}: no entity of that name in the library")
    if len(found) > 1:
        listed = "; ".join(f"{e.name} ({e.type}, id {e.id})" for e in found[:6])
        raise BriefingError(f"{name}: names several entities: {listed}")
    return found[0]


def names_of(lib: Library, ent: LibraryEntity) -> list[str]:
    out = [ent.name]
    for a in aliases(lib, ent.id):
        if name_key(a) not in {name_key(x) for x in out}:
            out.append(a)
    return out


def entity_rule(lib: Library, kind: str, name: str, other: str | None = None) -> tuple[str, dict[str, Any]]:
    """The arguments of an entity correction, from the names the analyst typed."""
    if kind == "reject":
        found = find_entities(lib, name)
        names = names_of(lib, found[0]) if len(found) == 1 else [name]
        return kind, {"names": names}
    return entity_rule_for(lib, kind, resolve(lib, name), other)


def entity_rule_for(lib: Library, kind: str, ent: LibraryEntity, other: str | None = None) -> tuple[str, dict[str, Any]]:
    """The arguments of a correction of library entity ``ent`` (the reader knows which one it means)."""
    names = names_of(lib, ent)
    if kind == "reject":
        return kind, {"names": names}
    if kind == "retype":
        etype = (other or "").upper()
        if etype not in ENTITY_TYPES:
            raise BriefingError(f"{other}: not an entity type (one of {', '.join(ENTITY_TYPES)})")
        return kind, {"names": names, "type": etype}
    if kind == "rename":
        if not other or not other.strip():
            raise BriefingError("rename: the new name is empty")
        return kind, {"names": names, "value": " ".join(other.split())}
    if kind == "merge":
        into = ent
        gone = resolve(lib, other or "")
        if gone.id == into.id:
            raise BriefingError(f"{other}: is already {into.name}")
        return kind, {"names": names_of(lib, gone), "target_names": names, "value": into.name, "type": into.type}
    if kind == "split":
        alias = " ".join((other or "").split())
        if name_key(alias) not in {name_key(n) for n in names}:
            raise BriefingError(f"{alias}: is not an alias of {ent.name} (its aliases: {', '.join(names)})")
        if len(names) < 2:
            raise BriefingError(f"{ent.name}: has no other alias to split off")
        return kind, {"names": names, "value": alias}
    raise BriefingError(f"{kind}: not a correction")


def speaker_rule(lib: Library, article_id: int, quote_index: int, speaker: str) -> tuple[str, str, dict[str, Any]]:
    art = lib.article(article_id)
    analysis = lib.analysis(article_id, article=art)
    if analysis is None or not 1 <= quote_index <= len(analysis.quotes):
        count = len(analysis.quotes) if analysis else 0
        raise BriefingError(f"article {article_id}: no quote {quote_index} (it has {count}; they are numbered from 1)")
    if not speaker.strip():
        raise BriefingError("quotes speaker: the speaker's name is empty")
    quote = analysis.quotes[quote_index - 1]
    who = " ".join(speaker.split())
    known = find_entities(lib, who)
    args: dict[str, Any] = {"anchor": quote.text, "value": who}
    if len(known) == 1:  # a library entity: its canonical name and type
        args.update(value=known[0].name, type=known[0].type)
    return "speaker", art.source, args


def topic_rule(lib: Library, article_id: int, section_index: int, topic: str) -> tuple[str, str, dict[str, Any]]:
    art = lib.article(article_id)
    analysis = lib.analysis(article_id, article=art)
    if analysis is None or not 1 <= section_index <= len(analysis.sections):
        count = len(analysis.sections) if analysis else 0
        raise BriefingError(
            f"article {article_id}: no section {section_index} (it has {count}; they are numbered from 1)"
        )
    labels, general = lib.topic_labels()
    known = dict(labels)
    known.setdefault("general", general)
    if topic not in known:
        by_label = {label.casefold(): tid for tid, label in known.items()}
        if topic.casefold() not in by_label:
            raise BriefingError(f"{topic}: not a topic of the taxonomy (topics: {', '.join(known)})")
        topic = by_label[topic.casefold()]
    section = analysis.sections[section_index - 1]
    first = next((s for s in analysis.sentences if section.start <= s.start < section.end), None)
    anchor = art.text[first.start : first.end] if first else art.text[section.start : section.end]
    return "topic", art.source, {"anchor": anchor, "value": topic, "label": known[topic]}


# ---------------------------------------------------------------------------- storing, undoing
def add_correction(lib: Library, kind: str, article: str | None, args: dict[str, Any]) -> Correction:
    """Store a correction and re-link the articles it changes, in one transaction."""
    if kind not in KINDS:
        raise BriefingError(f"{kind}: not a correction")
    created = now_iso()
    with lib.write("saving a correction") as conn:
        cur = conn.execute(
            "INSERT INTO corrections (kind, article_source, args, created) VALUES (?, ?, ?, ?)",
            (kind, article, json.dumps(args, ensure_ascii=False), created),
        )
        new = Correction(int(cur.lastrowid), kind, article, args, created, None)
        _relink(lib, conn, _affected(conn, [new]))
    return new


def undo_correction(lib: Library, correction_id: int) -> Correction:
    """Take a correction back; the articles it changed are re-linked without it."""
    with lib.write("undoing a correction") as conn:
        r = conn.execute(
            "SELECT id, kind, article_source, args, created, undone FROM corrections WHERE id = ?", (correction_id,)
        ).fetchone()
        if r is None or r[5] is not None:
            raise BriefingError(f"correction {correction_id}: no such correction in force")
        old = Correction(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5])
        conn.execute("UPDATE corrections SET undone = ? WHERE id = ?", (now_iso(), correction_id))
        _relink(lib, conn, _affected(conn, [old]))
    return old


def _names(c: Correction) -> set[str]:
    out = {n for n in c.args.get("names", ()) if n}
    out.update(n for n in c.args.get("target_names", ()) if n)
    if c.kind in ("rename", "merge", "split") and c.args.get("value"):
        out.add(str(c.args["value"]))
    return out


def _affected(conn: sqlite3.Connection, corrections: Iterable[Correction]) -> list[int]:
    ids: set[int] = set()
    for c in corrections:
        if c.kind not in ENTITY_KINDS:
            ids.update(r[0] for r in conn.execute("SELECT id FROM articles WHERE source = ?", (c.article,)))
            continue
        for name in _names(c):
            key = name_key(name)
            ids.update(r[0] for r in conn.execute(
                "SELECT DISTINCT l.article_id FROM link_names n JOIN entity_links l ON l.id = n.link_id WHERE n.key = ?",
                (key,),
            ))
            phrase = '"' + name.replace('"', '""') + '"'
            try:
                ids.update(r[0] >> ROWID_SHIFT for r in conn.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ?", ("text : " + phrase,)
                ))
            except sqlite3.Error:
                pass
    return sorted(ids)


def _relink(lib: Library, conn: sqlite3.Connection, article_ids: Sequence[int]) -> None:
    """Index and link ``article_ids`` again from their analyses (inside the caller's transaction)."""
    from .entities import _collect, _resolve_surnames, blocked_pairs, unlink_article

    version, tax = lib.analysis_key()
    # unlink them all first: an alias left on a not-yet-relinked article would draw the others back
    touched: set[int] = set()
    surnames: set[str] = set()
    for article_id in article_ids:
        t, s = unlink_article(conn, article_id)
        touched |= t
        surnames |= s
    for article_id in article_ids:
        art = conn.execute("SELECT text, text_sha256 FROM articles WHERE id = ?", (article_id,)).fetchone()
        if art is None:
            continue
        r = conn.execute(
            "SELECT data FROM analyses WHERE text_sha256 = ? ORDER BY (analyser_version = ? AND taxonomy_hash = ?) "
            "DESC, id DESC LIMIT 1",
            (art[1], version, tax),
        ).fetchone()
        if r is None:
            continue  # never analysed: it is linked when it is
        lib.index_article(conn, article_id, art[0], decode_analysis(r[0]))
    _resolve_surnames(conn, surnames, blocked_pairs(lib.corrections_rules()), touched)
    _collect(conn, touched)


# ---------------------------------------------------------------------------- linking old libraries
def ensure_linked(lib: Library) -> int:
    """Link the articles that have no links yet (a library from before library entities, or articles
    never indexed) from their cached analyses; returns how many were linked. Articles analysed by an
    older analyser keep their links until they are analysed again (lazily, as the index is)."""
    if lib.readonly:
        return 0
    with lib.read() as conn:
        todo = [
            r[0]
            for r in conn.execute(
                "SELECT a.id FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM article_cards c WHERE c.article_id = a.id AND c.linked_key IS NOT NULL)"
            )
        ]
    done = 0
    for article_id in todo:
        try:
            analysis = lib.analysis(article_id, compute=False)
            if analysis is None:
                analysis = _any_cached(lib, article_id)
            if analysis is None:
                continue
            art = lib.article(article_id)
            with lib.write("linking entities") as conn:
                lib.index_article(conn, article_id, art.text, analysis)
            done += 1
        except BriefingError:
            continue
    return done


def _any_cached(lib: Library, article_id: int) -> Analysis | None:
    with lib.read() as conn:
        r = conn.execute(
            "SELECT c.data FROM analyses c JOIN articles a ON a.text_sha256 = c.text_sha256 WHERE a.id = ? "
            "ORDER BY c.id DESC LIMIT 1",
            (article_id,),
        ).fetchone()
    return decode_analysis(r[0]) if r else None


# ---------------------------------------------------------------------------- sharing
def export_corrections(lib: Library) -> list[dict[str, Any]]:
    return [c.to_dict() for c in list_corrections(lib)]


_ARG_FIELDS = ("names", "target_names", "value", "type", "anchor", "label")


def import_corrections(lib: Library, items: Sequence[Any], where: str) -> int:
    """Take in exported corrections (skipping those already in force); returns how many were added."""
    have = {(c.kind, c.article, json.dumps(c.args, sort_keys=True)) for c in list_corrections(lib)}
    added = 0
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or item.get("kind") not in KINDS:
            raise BriefingError(f"{where}: correction {n} is not a correction briefing knows")
        args = {k: item[k] for k in _ARG_FIELDS if k in item}
        for k in ("names", "target_names"):
            if k in args and not (isinstance(args[k], list) and all(isinstance(x, str) for x in args[k])):
                raise BriefingError(f"{where}: correction {n}: {k} must be a list of names")
        sig = (item["kind"], item.get("article"), json.dumps(args, sort_keys=True))
        if sig in have:
            continue
        add_correction(lib, item["kind"], item.get("article"), args)
        have.add(sig)
        added += 1
    return added


def read_export(path: Path) -> tuple[list[Document], list[Any]] | None:
    """The articles and corrections of a ``briefing export --format json`` file; None for other files."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BriefingError(f"{path}: not a briefing export ({err})") from None
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith("briefing.export/"):
        raise BriefingError(f"{path}: not a briefing export (no briefing.export schema)")
    docs = []
    for item in data.get("articles") or ():
        if isinstance(item, dict) and isinstance(item.get("text"), str) and isinstance(item.get("source"), str):
            meta = {"Date": item["date"]} if item.get("date") else {}
            if item.get("url"):
                meta["URL"] = item["url"]
            docs.append(Document(item["source"], item["text"], str(item.get("title") or ""), 0, meta))
    corrections = data.get("corrections") or []
    if not isinstance(corrections, list):
        raise BriefingError(f"{path}: corrections must be a list")
    return docs, corrections


def import_export(lib: Library, path: Path) -> tuple[Any, int] | None:
    """Import a JSON export: its articles, then its corrections. None when ``path`` is not one."""
    found = read_export(path)
    if found is None:
        return None
    docs, corrections = found
    report = lib.import_documents(docs)
    return report, import_corrections(lib, corrections, str(path))


def text_matches(a: str, b: str) -> bool:
    return text_key(a) == text_key(b)


def marks_for(lib: Library, article_id: int) -> Any:
    """What the corrections in force changed in an article's analysis (for the panes' marks)."""
    from ..analysis.corrections import Marks, apply_corrections

    rules = lib.corrections_rules()
    if not rules:
        return Marks()
    art = lib.article(article_id)
    raw = lib.cached_analysis(art.text_sha256)
    if raw is None:
        return Marks()
    return apply_corrections(raw, rules, art.text, art.source)[1]


def undo_last(lib: Library) -> Correction | None:
    """Take back the newest correction in force; None when there is none."""
    found = list_corrections(lib)
    return undo_correction(lib, found[-1].id) if found else None
