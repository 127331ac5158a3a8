"""Command-line entry point: argument parsing and dispatch only; the work lives in ``commands/``.

``briefing`` with no sub-command opens the reader; ``briefing FILE...`` imports the files first and
opens the first of them. Every sub-command module exposes ``run(args) -> int``. A ``BriefingError``
becomes one line on stderr and its exit status; nothing here imports spaCy or Textual.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import BriefingError

if TYPE_CHECKING:
    import argparse

SUBCOMMANDS = (
    "analyze", "import", "list", "search", "notes", "export", "feeds", "refresh", "read", "unread",
    "entity", "entities", "corrections", "quotes", "topics", "versions", "diff", "brief",
)
# sub-commands whose module is not named after them
_MODULES = {"import": "library_import", "list": "library_list", "read": "read_state", "unread": "read_state"}


def _add_library(p: argparse.ArgumentParser, nested: bool = False) -> None:
    import argparse

    # nested (a `notes` action): SUPPRESS keeps a --library given before the action from being reset
    p.add_argument("--library", metavar="PATH", help="library file (default: $BRIEFING_LIBRARY or the data dir)",
                   **({"default": argparse.SUPPRESS} if nested else {}))


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="briefing",
        description="A terminal briefing reader. Without a command, opens the reader "
        "(`briefing FILE...` imports the files first and opens the first).",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("analyze", help="analyse articles and print the briefing (no library needed)")
    p.add_argument("files", nargs="*", metavar="FILE", help="text or Markdown files (default: the bundled seed)")
    p.add_argument("--format", choices=("json", "text"), default="text")
    p.add_argument("--topics", metavar="TAXONOMY.toml", help="use this taxonomy instead of the default")

    p = sub.add_parser("import", help="import files, folders and feeds (or a page or feed by http(s) URL)")
    p.add_argument("paths", nargs="+", metavar="PATH|URL")
    p.add_argument("--topics", metavar="TAXONOMY.toml", help="use this taxonomy instead of the default")
    _add_library(p)

    p = sub.add_parser("list", help="list the articles in the library")
    p.add_argument("--json", action="store_true")
    p.add_argument("--unread", action="store_true", help="only articles not yet read")
    _add_library(p)

    p = sub.add_parser("search", help="full-text search over the library")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    _add_library(p)

    p = sub.add_parser("notes", help="list, add, edit, delete and restore notes")
    _add_library(p)
    p.add_argument("--article", type=int, metavar="ID")
    p.add_argument("--tag", metavar="T")
    p.add_argument("--deleted", action="store_true", help="list deleted notes")
    p.add_argument("--json", action="store_true")
    nsub = p.add_subparsers(dest="notes_command", metavar="ACTION")
    a = nsub.add_parser("add", help="add a note to the first occurrence of a text")
    a.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    a.add_argument("--at", required=True, metavar="EXACT TEXT")
    a.add_argument("--body", required=True, metavar="TEXT")
    a.add_argument("--tag", action="append", default=[], metavar="T", dest="tags")
    _add_library(a, nested=True)
    e = nsub.add_parser("edit", help="change a note's body or tags")
    e.add_argument("note_id", type=int, metavar="ID")
    e.add_argument("--body", metavar="TEXT")
    e.add_argument("--tag", action="append", default=None, metavar="T", dest="tags")
    _add_library(e, nested=True)
    for name, text in (("delete", "delete a note (undo with restore)"), ("restore", "restore a deleted note")):
        d = nsub.add_parser(name, help=text)
        d.add_argument("note_id", type=int, metavar="ID")
        _add_library(d, nested=True)

    p = sub.add_parser("export", help="export briefings and notes")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--article", type=int, metavar="ID")
    which.add_argument("--all", action="store_true")
    p.add_argument("--format", choices=("md", "json", "annotations"), default="md")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument("--brief", action="store_true", help="the brief of what is new since --since, as Markdown")
    p.add_argument("--since", metavar="WHEN", default="24h", help="with --brief: a date or a span back (default 24h)")
    _add_library(p)

    # i11: versions, diff, brief
    p = sub.add_parser("versions", help="an article's versions: time, size and what changed")
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    p.add_argument("--json", action="store_true")
    _add_library(p)

    p = sub.add_parser("diff", help="what changed between two versions of an article (default: the last two)")
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    p.add_argument("--from", type=int, dest="old", metavar="N", help="the older version (default: the one before --to)")
    p.add_argument("--to", type=int, dest="new", metavar="M", help="the newer version (default: the current one)")
    p.add_argument("--json", action="store_true")
    _add_library(p)

    p = sub.add_parser("brief", help="an article's brief, or the brief of what is new since WHEN, by topic")
    p.add_argument("article_id", type=int, nargs="?", metavar="ARTICLE_ID")
    p.add_argument("--since", metavar="WHEN", help="a date (2026-12-01), an ISO time, or a span back (24h, 7d)")
    p.add_argument("--topic", metavar="ID", help="only this topic")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    _add_library(p)
    _add_subscription_parsers(sub)
    _add_entity_commands(sub)
    return parser


def _add_subscription_parsers(sub: argparse._SubParsersAction) -> None:
    """feeds (list, add, remove, import, export), refresh, read, unread."""
    p = sub.add_parser("feeds", help="list, add and remove subscriptions; OPML import and export")
    _add_library(p)
    p.add_argument("--json", action="store_true")
    fsub = p.add_subparsers(dest="feeds_command", metavar="ACTION")
    a = fsub.add_parser("add", help="subscribe to a feed by its http(s) URL")
    a.add_argument("url", metavar="URL")
    a.add_argument("--name", metavar="NAME")
    a.add_argument("--topic", metavar="ID", help="a topic of the taxonomy the feed is about")
    _add_library(a, nested=True)
    r = fsub.add_parser("remove", help="unsubscribe (its articles and notes stay)")
    r.add_argument("feed", metavar="NAME|URL")
    _add_library(r, nested=True)
    i = fsub.add_parser("import", help="subscribe to the feeds of an OPML file")
    i.add_argument("file", metavar="FILE.opml")
    _add_library(i, nested=True)
    e = fsub.add_parser("export", help="the subscriptions as OPML")
    e.add_argument("-o", "--output", metavar="FILE")
    e.add_argument("--force", action="store_true", help="overwrite an existing output file")
    _add_library(e, nested=True)

    p = sub.add_parser("refresh", help="fetch new articles from the subscribed feeds")
    p.add_argument("names", nargs="*", metavar="NAME", help="only these feeds (default: all)")
    p.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS",
                   help="give up on a server that sends nothing for this long (default: 15)")
    _add_library(p)

    for name, text in (("read", "mark articles read"), ("unread", "mark articles unread")):
        p = sub.add_parser(name, help=text)
        p.add_argument("ids", nargs="+", type=int, metavar="ID")
        _add_library(p)


def _add_entity_commands(sub: Any) -> None:
    """Issue 10: library entities, dossiers and the analyst's corrections."""
    p = sub.add_parser("entity", help="the dossier of a library entity (any alias, any case)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--type", metavar="TYPE", help="only an entity of this type (when NAME names several)")
    p.add_argument("--json", action="store_true")
    _add_library(p)

    p = sub.add_parser("entities", help="list library entities, or correct one (retype, rename, merge, split, reject)")
    p.add_argument("--type", metavar="PERSON|ORG|GPE|LOC|FAC|NORP")
    p.add_argument("--json", action="store_true")
    _add_library(p)
    esub = p.add_subparsers(dest="entities_command", metavar="ACTION")
    for action, other, text in (
        ("retype", "TYPE", "give an entity another type"),
        ("rename", "NEW", "change an entity's canonical name"),
        ("merge", "OTHER", "OTHER is the same entity as NAME"),
        ("split", "ALIAS", "ALIAS is not NAME: split it off"),
        ("reject", None, "NAME is not an entity"),
    ):
        a = esub.add_parser(action, help=text)
        a.add_argument("name", metavar="NAME")
        if other:
            a.add_argument("other", metavar=other)
        _add_library(a, nested=True)

    p = sub.add_parser("corrections", help="list the analyst's corrections, or undo one")
    p.add_argument("--json", action="store_true")
    _add_library(p)
    csub = p.add_subparsers(dest="corrections_command", metavar="ACTION")
    u = csub.add_parser("undo", help="take a correction back")
    u.add_argument("id", type=int, metavar="ID")
    _add_library(u, nested=True)

    p = sub.add_parser("quotes", help="correct a quote's speaker")
    _add_library(p)
    qsub = p.add_subparsers(dest="quotes_command", metavar="ACTION", required=True)
    q = qsub.add_parser("speaker", help="set who said quote QUOTE_INDEX (from 1) of an article")
    q.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    q.add_argument("quote_index", type=int, metavar="QUOTE_INDEX")
    q.add_argument("name", metavar="NAME")
    _add_library(q, nested=True)

    p = sub.add_parser("topics", help="re-label a section's topic")
    _add_library(p)
    tsub = p.add_subparsers(dest="topics_command", metavar="ACTION", required=True)
    t = tsub.add_parser("set", help="section SECTION_INDEX (from 1) of an article is about TOPIC")
    t.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    t.add_argument("section_index", type=int, metavar="SECTION_INDEX")
    t.add_argument("topic", metavar="TOPIC")
    t.add_argument("--topics", metavar="TAXONOMY.toml", help="use this taxonomy instead of the default")
    _add_library(t, nested=True)


def reader_defaults() -> SimpleNamespace:
    """What ``build_reader_parser().parse_args([])`` gives, without importing argparse: plain
    `briefing` is the most common call and its start-up is measured (a test keeps the two equal)."""
    return SimpleNamespace(files=[], library=None, topics=None)


def build_reader_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog="briefing", description="Open the reader.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="import these first and open the first")
    _add_library(parser)
    parser.add_argument("--topics", metavar="TAXONOMY.toml")
    return parser


def _is_reader_call(argv: Sequence[str]) -> bool:
    for arg in argv:
        if arg in ("-h", "--help", "--version"):
            return False
        if arg in SUBCOMMANDS:
            return False
        if not arg.startswith("-"):
            return True
    return True  # no positional at all: the reader


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    collecting = gc.isenabled()
    try:
        if _is_reader_call(argv):
            args = build_reader_parser().parse_args(argv) if argv else reader_defaults()
            module = "tui"
            # Start-up allocates hundreds of thousands of long-lived objects (the UI's modules): the
            # cycle collector would walk them again and again. The reader turns it back on (after
            # freezing what is there) once its first frame is on screen.
            gc.disable()
        else:
            args = build_parser().parse_args(argv)
            module = _MODULES.get(args.command, args.command)
        run = importlib.import_module(f"briefing_tui.commands.{module}").run
        return int(run(args) or 0)
    except BriefingError as err:
        from .safe_text import one_line  # a file name in the message may hold newlines or escapes

        print(f"briefing: {one_line(str(err))}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if collecting:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
