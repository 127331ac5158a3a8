"""Pilot tests of the dossier screen and the corrections in the reader, on a library of articles in
which the same people appear under several forms (tests/fixtures/forms), analysed by the real pipeline
once per module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList

from briefing_tui.ui.screens.correction_dialogs import AskDialog, ChoiceDialog
from briefing_tui.ui.screens.dialogs import ConfirmDialog
from briefing_tui.ui.screens.dossier import DossierScreen
from briefing_tui.ui.screens.help import HelpScreen
from briefing_tui.ui.screens.main import MainScreen

from uihelpers import make_app, wait_for, wait_ready

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


@pytest.fixture(scope="module")
def forms_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from briefing_tui.library import Library

    folder = tmp_path_factory.mktemp("forms")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(folder / "home"))
        mp.setenv("XDG_CONFIG_HOME", str(folder / "home" / "config"))
        lib = Library.open(folder / "library.sqlite3", seed=False)
        assert not lib.import_paths([FORMS]).failed
        lib.close()
    return folder / "library.sqlite3"


@pytest.fixture
def forms_app(forms_library: Path, tmp_path: Path):
    target = tmp_path / "library.sqlite3"
    shutil.copyfile(forms_library, target)
    apps = []

    def build():
        app = make_app(target)
        apps.append(app)
        return app

    yield build
    for app in apps:
        if app.library is not None:
            app.library.close()


def entity_named(screen: MainScreen, name: str):
    return next(e for e in screen.analysis.entities if e.name == name)


async def highlight_entity(pilot, name: str):
    screen = pilot.app.screen
    await pilot.press("e")
    box = screen.query_one("#entity-list", OptionList)
    entity = entity_named(screen, name)
    box.highlighted = box.get_option_index(f"entity:{entity.id}")
    return box, entity


def option_texts(screen) -> list[tuple[str | None, str]]:
    box = screen.query_one("#dossier-list", OptionList)
    return [(o.id, str(o.prompt)) for o in box.options]


async def open_dossier_of(pilot, name: str) -> DossierScreen:
    await highlight_entity(pilot, name)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DossierScreen) and pilot.app.screen.dossier is not None,
                   what="the dossier")
    return pilot.app.screen


async def test_the_dossier_lists_every_article_and_quote_and_a_mention_opens_its_sentence(forms_app):
    app = forms_app()
    async with app.run_test(size=(130, 45)) as pilot:
        await wait_ready(pilot)
        main = app.screen
        dossier = await open_dossier_of(pilot, "Marta Vilanova")
        d = dossier.dossier
        assert d.name == "Marta Vilanova" and "Vilanova" in d.aliases
        texts = option_texts(dossier)
        titles = [t for i, t in texts if i and i.startswith("article:")]
        assert len(titles) == 4 and "Harbour talks open in Lisbon" in titles[0]  # oldest first
        assert "2024-03-05" in titles[1]  # dates shown
        said = [t for i, t in texts if i and i.startswith("quote:")]
        assert "door is open" in said[-2] or any("door is open" in s for s in said)
        assert "Ports are where trade" in said[0]  # newest first
        head = str(dossier.query_one("#dossier-head").render())
        assert "also:" in head and "Vilanova" in head and "roles:" in head
        # a mention in context from another article: enter opens that article at that sentence
        box = dossier.query_one("#dossier-list", OptionList)
        target = next(m for m in reversed(d.mentions) if m.article != main.article_id)
        index = box.get_option_index(f"mention:{list(reversed(d.mentions)).index(target)}")
        box.highlighted = index
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and main.article_id == target.article
                       and not main.analysing, what="the article")
        await pilot.pause()
        sentence = main.reader.current_sentence()
        assert sentence.start == target.sentence_start
        assert "Vilanova" in main.view.text[sentence.start : sentence.end]


async def test_related_entities_open_their_own_dossier_and_escape_goes_back(forms_app):
    app = forms_app()
    async with app.run_test(size=(130, 45)) as pilot:
        await wait_ready(pilot)
        first = await open_dossier_of(pilot, "Marta Vilanova")
        box = first.query_one("#dossier-list", OptionList)
        related = next(r for r in first.dossier.related if r.name == "Tomas Brandt")
        box.highlighted = box.get_option_index(f"related:{related.id}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not first and getattr(app.screen, "dossier", None) is not None,
                       what="the second dossier")
        assert app.screen.dossier.name == "Tomas Brandt"
        await pilot.press("escape")
        assert app.screen is first
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_D_and_the_palette_open_dossiers(forms_app):
    app = forms_app()
    async with app.run_test(size=(130, 45)) as pilot:
        await wait_ready(pilot)
        main = app.screen
        main.reader.focus_entity(entity_named(main, "Tomas Brandt").id)
        main._focus_column("reader")
        await pilot.press("D")
        await wait_for(pilot, lambda: getattr(app.screen, "dossier", None) is not None, what="the dossier")
        assert app.screen.dossier.name == "Tomas Brandt"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go to entity: marta vilanova")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "dossier", None) is not None, what="the dossier")
        assert app.screen.dossier.name == "Marta Vilanova"


async def test_retype_from_the_entities_pane_is_marked_and_undo_restores(forms_app):
    app = forms_app()
    async with app.run_test(size=(130, 45)) as pilot:
        await wait_ready(pilot)
        main = app.screen
        box, entity = await highlight_entity(pilot, "Marta Vilanova")
        await pilot.press("t")
        assert isinstance(app.screen, ChoiceDialog)
        choices = app.screen.query_one("#choice-list", OptionList)
        choices.highlighted = [v for v, _ in app.screen.choices].index("ORG")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert entity_named(main, "Marta Vilanova").type == "ORG"
        prompt = str(box.get_option(f"entity:{entity.id}").prompt)
        assert "✎" in prompt
        assert [c.kind for c in __import__("briefing_tui.library.corrections", fromlist=["x"]).list_corrections(
            app.library)] == ["retype"]
        await pilot.press("U")
        await pilot.pause()
        assert entity_named(main, "Marta Vilanova").type == "PERSON"
        assert "✎" not in str(box.get_option(f"entity:{entity.id}").prompt)


async def test_quote_speaker_from_the_quotes_pane(forms_app):
    app = forms_app()
    async with app.run_test(size=(130, 45)) as pilot:
        await wait_ready(pilot)
        main = app.screen
        await pilot.press("w")
        quotes = main.query_one("#quote-list", OptionList)
        quotes.highlighted = 0
        await pilot.press("s")
        assert isinstance(app.screen, AskDialog)
        box = app.screen.query_one("#ask-input")
        box.value = "Tomas Brandt"
        await pilot.press("enter")
        await pilot.pause()
        assert main.analysis.quotes[0].speaker == "Tomas Brandt"
        assert "✎" in str(quotes.get_option("quote:0").prompt)


async def test_relabelled_section_offers_cues_and_writes_them_only_when_accepted(forms_app, _isolated_home):
    from briefing_tui.library.taxonomy_cues import user_taxonomy_path

    app = forms_app()
    async with app.run_test(size=(130, 45)) as pilot:
        await wait_ready(pilot)
        main = app.screen
        main._focus_column("nav")
        await pilot.pause()
        main.nav.move_cursor(main.nav._section_nodes[0])
        await pilot.press("t")
        assert isinstance(app.screen, ChoiceDialog)
        dialog = app.screen
        dialog.query_one("#choice-list", OptionList).highlighted = [v for v, _ in dialog.choices].index("nato-posture")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the cue offer")
        assert main.reader.sections[0].topic == "nato-posture"
        assert not user_taxonomy_path().exists()
        await pilot.press("n")  # not now: nothing written
        await pilot.pause()
        assert "✓" in str(main.nav._section_nodes[0].label)  # the navigator marks the re-labelled section
        assert all("✓" not in str(node.label) for node in main.nav._section_nodes[1:])
        assert not user_taxonomy_path().exists()
        main._focus_column("nav")
        main.nav.move_cursor(main.nav._section_nodes[0])
        await pilot.press("t")
        dialog = app.screen
        dialog.query_one("#choice-list", OptionList).highlighted = [v for v, _ in dialog.choices].index("peace-talks")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the cue offer")
        offered = str(app.screen.question).split("\n\n")[-1].split(", ")
        await pilot.press("y")
        await pilot.pause()
        written = user_taxonomy_path().read_text(encoding="utf-8")
        assert offered and all(f'"{w}" = 1.0' in written for w in offered)


async def test_help_lists_the_dossier_and_correction_keys(forms_app):
    app = forms_app()
    async with app.run_test(size=(130, 45)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(".help-rows"))
        for words in ("Entity dossier", "Retype", "Merge into", "Not an entity", "Set the speaker",
                      "Re-label the section", "Undo correction"):
            assert words in text, words
