"""An entity's dossier: everything the library knows about one library entity.

Its aliases and roles, the articles that mention it (a timeline, oldest first), what it said (its
quotes with their articles and dates), its mentions with the sentence each is in (keyword in context)
and the entities it appears with, ranked by the number of articles they share. Read from the link
tables alone (no analysis is decoded), so it stays quick for an entity in thousands of articles;
``limit`` keeps the mention and quote lists to the newest ones for the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import BriefingError
from .entities import aliases, entity

if TYPE_CHECKING:
    from .api import Library

RELATED = 20
WINDOW = 400  # the reader's dossier: the entity's newest articles it looks at


class DossierArticle(NamedTuple):
    id: int
    title: str
    date: str | None
    date_is_import: bool
    mentions: int


class DossierQuote(NamedTuple):
    text: str
    article: int
    title: str
    date: str | None
    cue: str | None
    start: int
    end: int


class DossierMention(NamedTuple):
    article: int
    start: int
    end: int
    sentence: str
    sentence_start: int
    date: str | None


class Related(NamedTuple):
    id: int
    name: str
    type: str
    articles: int


class Dossier(NamedTuple):
    id: int
    name: str
    type: str
    aliases: list[str]
    roles: list[str]
    articles: list[DossierArticle]
    quotes: list[DossierQuote]  # oldest first
    mentions: list[DossierMention]  # oldest first (the newest ``limit`` when limited)
    related: list[Related]
    mention_total: int
    quote_total: int
    article_total: int  # the reader's dossier may show only the newest ``WINDOW`` of them

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``briefing entity NAME --json``."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": self.aliases,
            "roles": self.roles,
            "articles": [{"id": a.id, "title": a.title, "date": a.date, "mentions": a.mentions} for a in self.articles],
            "quotes": [{"text": q.text, "article": q.article, "date": q.date, "cue": q.cue} for q in self.quotes],
            "mentions": [
                {"article": m.article, "start": m.start, "end": m.end, "sentence": m.sentence} for m in self.mentions
            ],
            "related": [{"name": r.name, "type": r.type, "articles": r.articles} for r in self.related],
        }


def dossier(lib: Library, entity_id: int, limit: int | None = None, window: int = WINDOW) -> Dossier:
    """The dossier of library entity ``entity_id``. ``limit`` (the reader's): at most that many of the
    newest mentions and quotes, and the timeline, aliases and related entities of its newest ``window``
    articles, so it opens as quickly in 10,000 articles as in 100; None (the CLI's): everything."""
    found = entity(lib, entity_id)
    if found is None:
        raise BriefingError(f"entity {entity_id}: no such entity in {lib.path}")
    tail = f" LIMIT {int(limit)}" if limit is not None else ""
    # the links considered: all of them, or the newest ``window`` (the index is ordered by date)
    links = (
        "(SELECT id, article_id, sort_date, mentions FROM entity_links WHERE entity_id = ?1"
        + (f" ORDER BY sort_date DESC, article_id DESC LIMIT {int(window)})" if limit is not None else ")")
    )
    with lib.read() as conn:
        per_article: dict[int, list] = {}
        for r in conn.execute(
            f"SELECT l.article_id, c.title, c.sort_date, c.is_import, l.mentions FROM {links} l "
            "LEFT JOIN article_cards c ON c.article_id = l.article_id",
            (entity_id,),
        ):
            if r[0] in per_article:
                per_article[r[0]][4] += r[4]
            else:
                per_article[r[0]] = list(r)
        arts = sorted(
            (DossierArticle(a[0], a[1] or "", a[2], bool(a[3]), a[4]) for a in per_article.values()),
            key=lambda a: (a.date or "", a.id),
        )
        titles = {a.id: a.title for a in arts}
        quotes = [
            DossierQuote(r[0], r[1], titles.get(r[1], ""), r[2], r[3], r[4], r[5])
            for r in conn.execute(
                f'SELECT q.text, l.article_id, l.sort_date, q.cue, q.start, q."end" FROM {links} l '
                "JOIN link_quotes q ON q.link_id = l.id "
                f"ORDER BY l.sort_date DESC, l.article_id DESC, q.idx DESC{tail}",
                (entity_id,),
            )
        ]
        quotes.reverse()
        quote_total = len(quotes) if limit is None or len(quotes) < limit else conn.execute(
            "SELECT count(*) FROM entity_links l JOIN link_quotes q ON q.link_id = l.id WHERE l.entity_id = ?",
            (entity_id,),
        ).fetchone()[0]
        spans = conn.execute(
            f'SELECT l.article_id, m.start, m."end", m.sent_start, m.sent_end, l.sort_date FROM {links} l '
            "JOIN link_mentions m ON m.link_id = l.id "
            f"ORDER BY l.sort_date DESC, l.article_id DESC, m.start DESC{tail}",
            (entity_id,),
        ).fetchall()
        spans.reverse()
        mentions = []
        for article_id, start, end, s0, s1, date in spans:
            r = conn.execute(
                "SELECT substr(text, ? + 1, ? - ?) FROM articles WHERE id = ?", (s0, s1, s0, article_id)
            ).fetchone()
            mentions.append(DossierMention(article_id, start, end, r[0] if r else "", s0, date))
        related = [
            Related(*r)
            for r in conn.execute(
                "SELECT e.id, e.name, e.type, c.n FROM ("
                f" SELECT l2.entity_id AS id, count(DISTINCT l2.article_id) AS n FROM {links} l1"
                " JOIN entity_links l2 ON l2.article_id = l1.article_id"
                " WHERE l2.entity_id != ?1 GROUP BY l2.entity_id"
                f" ORDER BY n DESC, l2.entity_id LIMIT {RELATED}) c JOIN lib_entities e ON e.id = c.id"
                " ORDER BY c.n DESC, e.name",
                (entity_id,),
            )
        ]
        # roles: the titles its articles give it (the considered links), most often given first
        role_counts: dict[str, int] = {}
        for (text,) in conn.execute(f"SELECT roles FROM {links} l0 JOIN entity_links l USING (id) "
                                    "WHERE l.roles IS NOT NULL", (entity_id,)):
            for role in text.split("\n"):
                role_counts[role] = role_counts.get(role, 0) + 1
    roles = sorted(role_counts, key=lambda r: (-role_counts[r], r.casefold()))
    return Dossier(
        found.id, found.name, found.type, aliases(lib, entity_id, window if limit is not None else None), roles,
        arts, quotes, mentions, related, found.mentions, quote_total, found.articles,
    )
