"""From paths to ``Document``s: files by extension or content, folders recursively, feeds per entry.

``iter_files(path)`` walks a folder (hidden files and folders skipped, a project's own files such as
README.md or LICENSE.txt skipped, symlink loops visited once, only article-like extensions), ``read_file(path)`` reads one file of any kind and raises
``BriefingError("FILE: reason")`` for a bad one, ``read_path(path)`` does both. ``-`` is standard
input (source ``stdin:HASH``).
An article's source is the file's absolute path (a feed entry's is its id).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import BriefingError
from ..model import Document
from ..safe_text import storable

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".mdown", ".mkd"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
FEED_EXTENSIONS = frozenset({".xml", ".rss", ".atom", ".rdf"})
ARTICLE_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | FEED_EXTENSIONS
# A folder's own documentation, not articles: skipped inside folders (named on the command line, they
# are imported like any file).
FOLDER_DOC_STEMS = frozenset({"readme", "license", "licence", "copying", "changelog", "contributing", "authors", "notice"})


def _absolute(path: str | os.PathLike[str]) -> Path:
    p = Path(path).expanduser()
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(p))


def iter_files(path: str | os.PathLike[str]) -> Iterator[tuple[Path, str | None]]:
    """``(file, None)`` for each file to read under ``path``, or ``(path, reason)`` when it cannot be."""
    if str(path) == "-":
        yield Path("-"), None  # standard input
        return
    p = Path(path).expanduser()
    if not p.exists():
        if p.is_symlink():
            yield p, f"{p}: broken symbolic link"
        else:
            yield p, f"{p}: no such file or folder"
        return
    if not p.is_dir():
        yield _absolute(p), None
        return
    seen: set[tuple[int, int]] = set()
    root = _absolute(p)
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as err:
            yield folder, f"{folder}: cannot read folder ({err.strerror or err})"
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            continue  # a symlink loop or a folder linked twice
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            yield folder, f"{folder}: cannot read folder ({err.strerror or err})"
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks
                is_file = entry.is_file()
            except OSError:
                continue
            if is_dir:
                subfolders.append(Path(entry.path))
            elif (is_file and Path(entry.name).suffix.lower() in ARTICLE_EXTENSIONS
                  and Path(entry.name).stem.lower() not in FOLDER_DOC_STEMS):
                # the folder is already resolved: only a symlinked file needs resolving
                yield (_absolute(entry.path) if entry.is_symlink() else Path(entry.path)), None
            elif not is_file and not is_dir and entry.is_symlink():
                yield Path(entry.path), f"{entry.path}: broken symbolic link"
        stack.extend(reversed(subfolders))


def read_file(path: str | os.PathLike[str]) -> list[Document]:
    """The article(s) in one file: text/Markdown, HTML or an RSS/Atom feed (by extension, else sniffed)."""
    from . import feed, html, text

    p = Path(path)
    source = storable(str(p))  # a name with undecodable bytes gets \\xNN escapes: SQLite stores UTF-8 only
    if source == "-":
        return [_from_stdin()]
    if p.is_dir():
        raise BriefingError(f"{source}: is a folder, not a file")
    data = text.read_bytes(p, source)  # one read of at most the size limit; errors name the file
    ext = p.suffix.lower()
    if not data.strip():
        raise BriefingError(f"{source}: empty file")
    if ext in FEED_EXTENSIONS or (ext not in TEXT_EXTENSIONS | HTML_EXTENSIONS and feed.looks_like_feed(data)):
        if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise BriefingError(f"{source}: binary file")
        return feed.documents_from_feed(data, source)
    if ext in HTML_EXTENSIONS:
        return [html.document_from_html(data, source)]
    decoded = text.decode_bytes(data, source)
    if ext not in TEXT_EXTENSIONS and html.looks_like_html(decoded):
        return [html.document_from_html(data, source)]
    return [text.document_from_text(decoded, source)]


def _from_stdin() -> Document:
    """An article piped in: its source names its text (stdin:HASH), so each text is its own article."""
    import dataclasses
    import hashlib

    from . import html, text

    data = text.read_bytes("-", "-")
    decoded = text.decode_bytes(data, "-")
    source = "stdin:" + hashlib.sha256(data).hexdigest()[:16]
    if html.looks_like_html(decoded):
        return html.document_from_html(data, source)
    return dataclasses.replace(text.document_from_text(decoded, source), source=source)


def read_path(path: str | os.PathLike[str], errors: list[tuple[str, str]] | None = None) -> list[Document]:
    """All documents under ``path``. With an ``errors`` list, bad files are recorded there and skipped;
    without one, the first bad file raises its ``BriefingError``."""
    docs: list[Document] = []
    for file, problem in iter_files(path):
        try:
            if problem:
                raise BriefingError(problem)
            docs.extend(read_file(file))
        except BriefingError as err:
            if errors is None:
                raise
            errors.append((str(file), str(err)))
    return docs
