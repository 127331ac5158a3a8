"""`briefing [FILE...]`: open the reader (importing FILEs first and opening the first of them).

Files are checked and imported before the app starts, so a bad file is a one-line error and exit
status 2. ``briefing -`` reads one article from standard input (a pipe: ``curl … | briefing -``) and
then takes the keys from the terminal (/dev/tty). So is a broken settings file (``settings.toml``) or a broken taxonomy (``--topics`` or the
user's ``topics.toml``): the reader never starts with a half-read configuration. Without files, the app opens the library itself (in a worker: a brand-new library is seeded,
which analyses text) at the remembered article and position.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import library_path
from ..errors import BriefingError

if TYPE_CHECKING:
    from argparse import Namespace


def _import_files(args: Namespace):
    from ..library import Library

    from ..fetch.http import is_url

    urls = [name for name in args.files if is_url(name)]  # `briefing URL`: a page or feed, fetched once
    for name in args.files:
        p = Path(name)
        if name != "-" and name not in urls and not p.exists():
            raise BriefingError(f"{name}: no such file or folder")
    lib = Library.open(library_path(args.library), taxonomy=args.topics)
    print(f"briefing: importing {len(args.files)} file(s)…", file=sys.stderr)
    report = lib.import_paths([name for name in args.files if name not in urls])
    for url in urls:
        from ..library.refresh import import_url

        try:
            got = import_url(lib, url)
        except BaseException:
            lib.close()
            raise
        report.imported += got.imported
        report.updated += got.updated
        report.unchanged += got.unchanged
        report.failed += got.failed
        report.articles_by_path.update(got.articles_by_path)
    if report.failed:
        lib.close()
        source, reason = report.failed[0]
        raise BriefingError(f"{source}: {reason}")
    first = None
    by_path = report.articles_by_path
    for name in args.files:  # the first given file's first article, new or already there
        found = by_path.get(name) or by_path.get(str(Path(name))) or by_path.get(str(Path(name).resolve()))
        if found:
            first = found[0]
            break
    if first is None:
        ids = [*report.imported, *report.updated, *report.unchanged]
        first = ids[0] if ids else None
    if first is None:  # duplicates only: open the existing article with the same source
        wanted = {str(Path(n).resolve()) for n in args.files} | set(args.files)
        for info in lib.articles():
            if info.source in wanted or Path(info.source).name == Path(args.files[0]).name:
                first = info.id
                break
    return lib, first


def _check_configuration(args: Namespace):
    """The settings and a user's taxonomy, checked before anything else happens (one line, exit 2)."""
    from ..config import user_taxonomy_path
    from ..ui.settings import load_settings

    settings = load_settings()
    if settings.warning:
        raise BriefingError(settings.warning)
    topics = args.topics
    if topics is not None or user_taxonomy_path().exists():  # the shipped default needs no check
        from ..analysis.topics import load_taxonomy

        load_taxonomy(topics)
    return settings


def _terminal_for_keys() -> int | None:
    """When the article comes from a pipe, the keys must come from the terminal: an open /dev/tty
    (checked before anything is read), or None when standard input is the terminal itself."""
    if sys.stdin is None or sys.stdin.isatty():
        return None
    try:
        return os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        raise BriefingError(
            "-: the article comes from standard input and there is no terminal to read keys from; "
            "use `briefing import -` to import it"
        ) from None


def run(args: Namespace) -> int:
    settings = _check_configuration(args)
    from ..ui.prefetch import StartupPrefetch

    if args.files:
        tty = _terminal_for_keys() if "-" in args.files else None
        try:
            lib, first = _import_files(args)
        except BaseException:
            if tty is not None:
                os.close(tty)
            raise
        if tty is not None:  # the pipe is read to its end: the reader takes its keys from the terminal
            os.dup2(tty, 0)
            os.close(tty)
        prefetch = StartupPrefetch(lib, first)  # the first article is read while the UI imports
        from ..ui.app import BriefingApp

        app = BriefingApp(lib, library_path=lib.path, open_article=first, settings=settings, prefetch=prefetch)
    else:
        path = library_path(args.library)
        lib = None
        prefetch = None
        if path.exists():
            # an existing library opens in milliseconds (and a broken one fails here, as one line)
            from ..library import Library

            lib = Library.open(path, taxonomy=args.topics)
            prefetch = StartupPrefetch(lib)  # the remembered article is read while the UI imports
        from ..ui.app import BriefingApp

        app = BriefingApp(
            lib, library_path=path, taxonomy=args.topics, settings=settings, prefetch=prefetch
        )
    try:
        app.run()
    finally:
        if app.library is not None:
            app.library.close()
    return 0
