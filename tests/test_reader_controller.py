"""The reader's controller without Textual: which article opens, what is remembered, hits, notes, export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fakes import write

from briefing_tui.errors import BriefingError
from briefing_tui.ui.controller import LoadedArticle, ReaderController
from briefing_tui.ui.prefetch import STATE_ARTICLE, state_position_key

TEXT_A = "Talks resumed in the capital.\n\nThe alliance met again. Alda Kestrel said “we are ready”.\n"
TEXT_B = "A second report.\n\nNegotiators met in Borvia. The ceasefire held.\n"


@pytest.fixture
def library(empty_library, tmp_path: Path):
    """The empty library with two analysed articles."""
    empty_library.import_paths([write(tmp_path / "in" / "a.txt", TEXT_A), write(tmp_path / "in" / "b.txt", TEXT_B)])
    return empty_library


def attached(lib) -> ReaderController:
    controller = ReaderController()
    controller.attach(lib)
    return controller


def open_article(controller: ReaderController, article_id: int, position: int | None = None) -> LoadedArticle:
    loaded = controller.read_article(article_id, position)
    assert loaded is not None
    controller.article_loaded(loaded)
    controller.ready = True
    return loaded


def test_the_controller_imports_no_textual_nor_rich():
    code = (
        "import sys, briefing_tui.ui.controller;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'spacy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_remembered_article_opens_at_the_remembered_place(library):
    first, second = (a.id for a in library.articles())
    controller = attached(library)
    assert controller.start_article(None) is None  # nothing remembered: the library's first, once listed
    library.set_state(STATE_ARTICLE, str(second))
    library.set_state(state_position_key(second), "20")
    assert controller.start_article(None) == second
    assert controller.start_article(first) == first  # asked for on the command line
    loaded = open_article(controller, second)
    assert loaded.position == 20
    assert not loaded.pending  # analysed when imported: nothing to compute
    assert controller.view is not None and controller.view.text.startswith("A second report")
    assert controller.analysis is not None and controller.analysis.sentences
    # a remembered article that is gone is not opened
    library.set_state(STATE_ARTICLE, "999")
    assert controller.start_article(None) is None


def test_the_place_is_remembered_and_a_cancelled_read_shows_nothing(library):
    first, _second = (a.id for a in library.articles())
    controller = attached(library)
    assert controller.read_article(first, None, cancelled=lambda: True) is None
    open_article(controller, first)
    controller.remember_place(31, "quotes")
    assert library.get_state(STATE_ARTICLE) == str(first)
    assert controller.saved_position(first) == 31
    assert ReaderController().restored_pane() is None  # no library: nothing remembered
    assert attached(library).restored_pane() == "quotes"


def test_remembering_never_fails_and_skips_a_read_only_library(library, monkeypatch):
    controller = attached(library)
    open_article(controller, library.articles()[0].id)

    def broken(key, value):
        raise BriefingError("library: disk full")

    monkeypatch.setattr(library, "set_state", broken)
    controller.remember_place(5, "notes")  # no exception: the place is just not remembered
    monkeypatch.setattr(library, "readonly", True)
    monkeypatch.setattr(library, "readonly_reason", "no permission to write the file")
    assert controller.readonly_message() == "read-only: no permission to write the file"
    calls = []
    monkeypatch.setattr(library, "set_state", lambda key, value: calls.append(key))
    controller.remember_place(5, "notes")
    assert calls == []


def test_an_analysis_for_another_article_is_ignored(library):
    first, second = (a.id for a in library.articles())
    controller = attached(library)
    open_article(controller, first)
    other = library.analysis(second)
    assert controller.analysis_arrived(second, other) is None
    assert controller.view is not None and controller.view.article_id == first
    mine = library.analysis(first)
    view = controller.analysis_arrived(first, mine)
    assert view is not None and view.analysis is mine and controller.analysis is mine


def test_search_hits_wrap_round_and_give_each_articles_matches(library):
    controller = attached(library)
    controller.hits = controller.search("met")
    assert len(controller.hits) == 2
    assert controller.choose_hit(2) is controller.hits[0]  # past the last: the first again
    assert controller.choose_hit(-1) is controller.hits[1]
    for hit in controller.hits:
        view = controller.read_article(hit.article_id, None)
        assert view is not None
        spans = controller.matches_for(hit.article_id)
        assert spans and all(view.view.text[a:b].lower() == "met" for a, b in spans)
    with pytest.raises(BriefingError):
        controller.search('"unclosed')


def test_a_deleted_note_can_be_restored_and_a_failed_restore_tried_again(library, monkeypatch):
    controller = attached(library)
    open_article(controller, library.articles()[0].id)
    note = controller.note_saver(0, 5)("first look")
    assert [n.id for n in controller.reload_notes()] == [note.id]
    assert controller.note(note.id) is not None
    controller.delete_note(note.id)
    assert controller.reload_notes() == []
    real_restore = library.restore_note

    def broken(note_id):
        raise BriefingError("library: busy")

    monkeypatch.setattr(library, "restore_note", broken)
    with pytest.raises(BriefingError):
        controller.undo_delete()
    monkeypatch.setattr(library, "restore_note", real_restore)
    assert controller.undo_delete() is True
    assert [n.body for n in controller.reload_notes()] == ["first look"]
    assert controller.undo_delete() is False  # nothing left to undo


def test_export_writes_the_open_article(library, tmp_path: Path):
    controller = attached(library)
    open_article(controller, library.articles()[0].id)
    target = controller.export("article", "md", str(tmp_path / "a.md"), force=False)
    text = target.read_text(encoding="utf-8")
    assert "Talks resumed" in text and "second report" not in text
    with pytest.raises(BriefingError, match="already exists"):
        controller.export("article", "md", str(target), force=False)


def test_an_unreadable_place_opens_the_article_at_its_start(library, monkeypatch):
    first = library.articles()[0].id
    library.set_state(state_position_key(first), "20")

    def busy(key, default=None):
        raise BriefingError("library: database is locked")

    monkeypatch.setattr(library, "get_state", busy)
    loaded = attached(library).read_article(first, None)
    assert loaded is not None and loaded.position is None
    assert loaded.view.text.startswith("Talks resumed")
