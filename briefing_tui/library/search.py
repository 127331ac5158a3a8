"""Full-text search over the library's sentences (SQLite FTS5, BM25 ranking).

The user's query is parsed here, not handed to SQLite: words, "phrases", prefix*, AND / OR / NOT,
parentheses and the filters ``topic:ID``, ``entity:NAME`` (any alias of the entity), ``speaker:NAME``
and ``article:ID`` become one FTS5 expression in which every part is scoped to its column. Anything
malformed is a ``BriefingError("search: …")`` that says what is wrong; SQLite's messages never reach
the user.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ..errors import BriefingError
from ..safe_text import storable
from .store import ROWID_SHIFT, Store, article_token, topic_token

FILTERS = ("topic", "entity", "speaker", "article")
_OPERATORS = ("AND", "OR", "NOT")
_HL_OPEN, _HL_CLOSE = "\ue000", "\ue001"
_WORDISH = re.compile(r"\w", re.UNICODE)
SNIPPET_TOKENS = 16
MAX_DEPTH = 32  # nested parentheses; deeper would exhaust Python's (and FTS5's) parser stack
MAX_TERMS = 64  # words, phrases and filters in one query


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    article_title: str
    start: int  # the sentence's span in the article text
    end: int
    topic: str
    topic_label: str
    snippet: tuple[tuple[str, bool], ...]  # plain text segments; True = matched words
    matches: tuple[tuple[int, int], ...]  # matched words as offsets into the article text
    score: float  # bm25: lower is better
    text: str = ""  # the whole sentence


# ---------------------------------------------------------------------------- lexer
@dataclass(frozen=True)
class _Tok:
    kind: str  # "term", "phrase", "filter", "op", "(", ")"
    value: str = ""
    key: str = ""
    prefix: bool = False


def _err(msg: str) -> BriefingError:
    return BriefingError(f"search: {msg}")


def _read_quoted(q: str, i: int) -> tuple[str, int]:
    """``q[i]`` is a double quote: the quoted text and the index after the closing quote."""
    j = q.find('"', i + 1)
    if j < 0:
        shown = q if len(q) <= 80 else q[:79] + "…"
        raise _err(f'unclosed quote in {shown!r} (a phrase needs a closing ")')
    return q[i + 1 : j], j + 1


def _tokens(q: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        if c in "()":
            out.append(_Tok(c))
            i += 1
            continue
        if c == '"':
            text, i = _read_quoted(q, i)
            star = i < n and q[i] == "*"
            if star:
                i += 1
            out.append(_Tok("phrase", text, prefix=star))
            continue
        j = i
        while j < n and not q[j].isspace() and q[j] not in '()"':
            j += 1
        word = q[i:j]
        m = re.match(r"^([A-Za-z]+):(.*)$", word)
        if m and (m.group(2) or (j < n and q[j] == '"')):
            key = m.group(1).lower()
            if key not in FILTERS:
                raise _err(f"unknown filter {m.group(1)}: (use {', '.join(f + ':' for f in FILTERS)})")
            value = m.group(2)
            if not value:  # key:"quoted value"
                value, j = _read_quoted(q, j)
            if not value.strip():
                raise _err(f"{key}: needs a value")
            out.append(_Tok("filter", value, key=key))
            i = j
            continue
        if m and not m.group(2):
            key = m.group(1).lower()
            if key in FILTERS:
                raise _err(f"{key}: needs a value (e.g. {key}:{'ID' if key in ('topic', 'article') else 'NAME'})")
        if word in _OPERATORS:
            out.append(_Tok("op", word))
        else:
            prefix = word.endswith("*")
            core = word.rstrip("*")
            if "*" in core:
                raise _err(f"{word!r}: * is only allowed at the end of a word")
            if not _WORDISH.search(core):
                raise _err(f"{word!r} has no word to search for")
            out.append(_Tok("term", core, prefix=prefix))
        i = j
    return out


# ---------------------------------------------------------------------------- parser -> FTS5
def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class _Parser:
    """expr := and (OR and)* ; and := unary ((AND)? unary)* ; unary := atom (NOT atom)* ; atom := ( expr ) | term"""

    def __init__(self, toks: list[_Tok], query: str) -> None:
        self.toks = toks
        self.i = 0
        self.query = query
        self.has_text = False
        self.depth = 0
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> str:
        if not self.toks:
            raise _err("empty query")
        expr = self.expr()
        if self.peek() is not None:
            tok = self.peek()
            raise _err("unbalanced parentheses: ')' without '('" if tok.kind == ")" else f"unexpected {tok.value or tok.kind!r}")
        return expr

    def expr(self) -> str:
        parts = [self.conj()]
        while (t := self.peek()) is not None and t.kind == "op" and t.value == "OR":
            self.take()
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def conj(self) -> str:
        parts = [self.unary()]
        while (t := self.peek()) is not None and (t.kind in ("term", "phrase", "filter", "(") or (t.kind == "op" and t.value == "AND")):
            if t.kind == "op":
                self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def unary(self) -> str:
        left = self.atom()
        while (t := self.peek()) is not None and t.kind == "op" and t.value == "NOT":
            self.take()
            left = f"({left} NOT {self.atom()})"
        return left

    def atom(self) -> str:
        t = self.peek()
        if t is None:
            raise _err("the query ends where a word was expected")
        if t.kind == "op":
            if t.value == "NOT":
                raise _err("NOT needs something before it (e.g. nato NOT drone)")
            raise _err(f"{t.value} needs a word on both sides")
        if t.kind == ")":
            raise _err("unbalanced parentheses: ')' without '('" if self.i == 0 else "empty parentheses or a missing word before ')'")
        self.take()
        if t.kind != "(":
            self.terms += 1
            if self.terms > MAX_TERMS:
                raise _err(f"too many words and filters (at most {MAX_TERMS}); a long query is very slow")
        if t.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _err(f"too many nested parentheses (at most {MAX_DEPTH})")
            inner = self.expr()
            self.depth -= 1
            if (c := self.peek()) is None or c.kind != ")":
                raise _err("unbalanced parentheses: '(' without ')'")
            self.take()
            return f"({inner})"
        if t.kind == "term":
            self.has_text = True
            return f"text : {_fts_string(t.value)}{' *' if t.prefix else ''}"
        if t.kind == "phrase":
            if not _WORDISH.search(t.value):
                raise _err(f'"{t.value}" has no word to search for')
            self.has_text = True
            return f"text : {_fts_string(t.value)}{' *' if t.prefix else ''}"
        return self.filter(t)

    def filter(self, t: _Tok) -> str:
        value = t.value.strip()
        if t.key == "topic":
            return f"topic : {_fts_string(topic_token(value))}"
        if t.key == "article":
            if not value.isdigit():
                raise _err(f"article: needs an article number, not {value!r}")
            return f"article : {_fts_string(article_token(int(value)))}"
        if not _WORDISH.search(value):
            raise _err(f"{t.key}:{value} has no word to search for")
        column = "entities" if t.key == "entity" else "speaker"
        return f"{column} : {_fts_string(value)}"


def compile_query(query: str) -> tuple[str, bool]:
    """The FTS5 expression for a user's query, and whether it searches any text (not only filters)."""
    # lone surrogates (undecodable bytes in argv) cannot reach SQLite; at a NUL SQLite's FTS5 parser
    # stops reading (stored texts hold none: the importer replaces them), so it separates words here
    query = storable(query).replace("\x00", " ")
    parser = _Parser(_tokens(query), query)
    expr = parser.parse()
    return expr, parser.has_text


# ---------------------------------------------------------------------------- running it
def _segments(marked: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    on = False
    buf = ""
    for ch in marked:
        if ch == _HL_OPEN or ch == _HL_CLOSE:
            if buf:
                out.append((buf, on))
            buf = ""
            on = ch == _HL_OPEN
        else:
            buf += ch
    if buf:
        out.append((buf, on))
    return tuple(out)


def _match_spans(marked: str, base: int) -> tuple[tuple[int, int], ...]:
    spans = []
    pos = 0
    start = None
    for ch in marked:
        if ch == _HL_OPEN:
            start = pos
        elif ch == _HL_CLOSE:
            if start is not None:
                spans.append((base + start, base + pos))
            start = None
        else:
            pos += 1
    return tuple(spans)


def search(lib: Store, query: str, limit: int = 20) -> list[SearchHit]:
    """Ranked sentence hits for ``query`` (see the module docstring for the syntax)."""
    if limit < 1:
        raise _err("--limit must be at least 1")
    expr, has_text = compile_query(query)
    order = "rank" if has_text else "rowid"
    # One statement over the FTS table alone: with ORDER BY rank (or rowid) LIMIT, FTS5 ranks every match
    # but computes the columns, snippet() and highlight() only for the rows it returns. (A second pass
    # joining fts again re-runs the MATCH per row — twice as slow for prefix queries — and joining the
    # articles table makes SQLite do far more work per match; the titles are looked up afterwards.)
    sql = f"""
        SELECT rowid, start, "end", topic_id, topic_label,
               snippet(fts, 0, '{_HL_OPEN}', '{_HL_CLOSE}', '…', {SNIPPET_TOKENS}),
               highlight(fts, 0, '{_HL_OPEN}', '{_HL_CLOSE}'),
               rank, text
        FROM fts
        WHERE fts MATCH ?1 AND rank MATCH 'bm25(10.0, 0.0, 0.0, 0.0, 0.0)'
        ORDER BY {order} LIMIT ?2
    """
    with lib.read("searching") as conn:  # other sqlite errors: "<library>: searching: <why>"
        try:
            found = conn.execute(sql, (expr, int(limit))).fetchall()
        except sqlite3.OperationalError as err:
            msg = str(err)
            if "fts5" in msg or "syntax" in msg or "no such column" in msg:
                shown = query if len(query) <= 80 else query[:79] + "…"
                raise _err(f"cannot understand {shown!r} ({msg.removeprefix('fts5: ')})") from None
            raise
        ids = sorted({r[0] >> ROWID_SHIFT for r in found})
        titles = dict(conn.execute(
            f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()) if ids else {}
    found.sort(key=(lambda r: (r[7] or 0.0, r[0])) if has_text else (lambda r: r[0]))
    rows = [(r[0], titles.get(r[0] >> ROWID_SHIFT, ""), *r[1:]) for r in found]
    hits = []
    for rowid, title, start, end, topic, label, snip, marked, rank, text in rows:
        clean = text.replace(_HL_OPEN, "").replace(_HL_CLOSE, "")
        if clean != text:  # the markers occur in the text itself: don't trust the marks
            segments: tuple[tuple[str, bool], ...] = ((text, False),)
            matches: tuple[tuple[int, int], ...] = ()
        else:
            segments = _segments(snip)
            matches = _match_spans(marked, start)
        hits.append(
            SearchHit(
                article_id=rowid >> ROWID_SHIFT,
                article_title=title,
                start=start,
                end=end,
                topic=topic,
                topic_label=label,
                snippet=segments,
                matches=matches,
                score=float(rank or 0.0),
                text=text,
            )
        )
    return hits
