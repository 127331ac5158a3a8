"""``Library``: an open library file (a ``store.Store``) with its operations as methods.

The operations live in their own modules and take a ``Store``: ``importer`` (files and documents into
articles, analyses and the index), ``search`` (the query language over the index) and ``notes`` (notes
and their anchoring). They use only the store's public surface (``read``/``write`` transactions, the
index and cache primitives), and none of them imports this module, so the package has no import cycle:
``api`` → ``importer`` → ``notes``/``search`` → ``store``. A new library is filled with the bundled
seeds here, since seeding is an import. The operation modules are imported on first use: opening a
library for the reader needs none of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Self

from ..errors import BriefingError
from ..model import Note
from .store import ImportReport, Store, now_iso

if TYPE_CHECKING:
    from ..model import Document
    from .search import SearchHit


class Library(Store):
    """An open library: the ``Store`` plus import, search and notes (see the module docstring)."""

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        seed: bool = True,
        taxonomy: str | os.PathLike[str] | None = None,
    ) -> Self:
        """Open (or create) a library; a brand-new one gets the bundled seed articles unless ``seed``
        is False. ``taxonomy`` is a TOML file used instead of the default."""
        lib = super().open(path, taxonomy=taxonomy)
        if lib.created and seed and not lib.readonly and lib.get_state("seeded") is None:
            from ..resources import seed_files

            try:
                lib.import_paths(seed_files())
            except BriefingError:
                pass  # the library still opens; the seed is only a courtesy
            finally:
                try:
                    lib.set_state("seeded", now_iso())
                except BaseException:
                    lib.close()
                    raise
        return lib

    # ------------------------------------------------------------------ import
    def import_paths(
        self,
        paths: Sequence[str | os.PathLike[str]],
        progress: Callable[[int, int, str], None] | None = None,
    ) -> ImportReport:
        from .importer import import_paths

        return import_paths(self, paths, progress)

    def import_documents(self, docs: Sequence[Document], report: ImportReport | None = None) -> ImportReport:
        from .importer import import_documents

        report = report if report is not None else ImportReport()
        import_documents(self, docs, report)
        return report

    # ------------------------------------------------------------------ search
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        from .search import search

        return search(self, query, limit)

    # ------------------------------------------------------------------ notes
    def notes(self, article_id: int | None = None, tag: str | None = None, deleted: bool = False) -> list[Note]:
        from . import notes

        return notes.list_notes(self, article_id, tag, deleted)

    def note(self, note_id: int) -> Note:
        from . import notes

        return notes.get_note(self, note_id)

    def add_note(self, article_id: int, start: int, end: int, body: str, tags: Sequence[str] = ()) -> Note:
        from . import notes

        return notes.add_note(self, article_id, start, end, body, tags)

    def edit_note(self, note_id: int, body: str | None = None, tags: Sequence[str] | None = None) -> Note:
        from . import notes

        return notes.edit_note(self, note_id, body, tags)

    def delete_note(self, note_id: int) -> None:
        from . import notes

        notes.set_deleted(self, note_id, True)

    def restore_note(self, note_id: int) -> Note:
        from . import notes

        return notes.set_deleted(self, note_id, False)
