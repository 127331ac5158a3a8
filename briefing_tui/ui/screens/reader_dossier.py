"""The main screen's part for dossiers and corrections (issue 10).

Opening a dossier (``D``, ``enter`` in the Entities pane, the palette's "go to entity"), and the
analyst's corrections: from the Entities pane retype (``t``), rename (``r``), merge (``M``), split an
alias off (``s``) and reject (``X``); from the Quotes pane set the speaker (``s``); from the navigator
re-label a section's topic (``t``), after which the words that set the section apart are offered as
new cues for that topic in the user's taxonomy file (written only when accepted); ``U`` undoes the
newest correction. Every change goes through ``library/corrections.py`` and the article is shown again
with the corrections applied; corrected items carry a mark in the panes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from ...errors import BriefingError
from ...model import ENTITY_TYPES
from .reader_base import ReaderScreenBase

if TYPE_CHECKING:
    from ...model import Entity


class DossierPart(ReaderScreenBase):
    """Dossier and correction actions of the main screen. The correction keys of the Entities and
    Quotes panes and of the navigator are those widgets' bindings (listed in help with them)."""

    KEYS_TITLE = "Dossier and corrections"
    PART_BINDINGS = [
        Binding("D", "dossier", "Entity dossier", id="dossier", show=False),
        Binding("U", "undo_correction", "Undo correction", id="undo-correction", show=False),
    ]

    # ------------------------------------------------------------------ dossier
    def _highlighted_entity(self) -> Entity | None:
        """The entity the user points at: highlighted in the Entities pane, else chosen in the reader,
        else the first one mentioned in the current sentence."""
        if self.analysis is None:
            return None
        if self.panes_ready:
            from textual.widgets import OptionList

            box = self.query_one("#entity-list", OptionList)
            option = box.highlighted_option
            if self.focused is box and option is not None and option.id and option.id.startswith("entity:"):
                return self.analysis.entity(option.id.split(":", 1)[1])
        if self.reader.focused_entity:
            return self.analysis.entity(self.reader.focused_entity)
        sentence = self.reader.current_sentence()
        if sentence is not None:
            for e in self.analysis.entities:
                if any(sentence.start <= m.start < sentence.end for m in e.mentions):
                    return e
        return None

    def _library_entity(self, entity: Entity) -> Any:
        from ...library.entities import entity as lib_entity
        from ...library.entities import entity_of_local, find_entities

        found = entity_of_local(self.lib, self.article_id, entity.id)
        if found is not None:
            return lib_entity(self.lib, found)
        same = [e for e in find_entities(self.lib, entity.name) if e.type == entity.type]
        return same[0] if same else None

    def action_dossier(self) -> None:
        entity = self._highlighted_entity()
        if entity is None or self.lib is None:
            self.notify("No entity here: choose one in the Entities pane (e) or the reader.", markup=False)
            return
        try:
            found = self._library_entity(entity)
        except BriefingError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        if found is None:
            self.notify("This entity is not in the library's index yet.", markup=False)
            return
        self.open_dossier(found.id)

    def open_dossier(self, entity_id: int) -> None:
        from .dossier import DossierScreen

        self.app.push_screen(DossierScreen(self.lib, entity_id, self.open_from_dossier))

    def open_from_dossier(self, article_id: int, offset: int | None) -> None:
        """Back to the reader (every stacked dossier closed), at ``offset`` of ``article_id``."""
        from .dossier import DossierScreen

        while isinstance(self.app.screen, DossierScreen):
            self.app.pop_screen()
        self.open_article(article_id, offset, focus_reader=True)
        self._focus_column("reader")

    def library_entities(self, limit: int = 500) -> list[Any]:
        """The library's most-mentioned entities (the palette's "go to entity")."""
        from ...library.entities import list_entities

        if self.lib is None:
            return []
        try:
            return list_entities(self.lib)[:limit]
        except BriefingError:
            return []

    # ------------------------------------------------------------------ corrections
    def _correct(self, kind: str, article: str | None, args: dict[str, Any]) -> None:
        from ...library.corrections import add_correction

        try:
            done = add_correction(self.lib, kind, article, args)
        except BriefingError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        self._show_corrected(f"Corrected: {done.describe()} (U undoes)")

    def _show_corrected(self, message: str) -> None:
        """Show the open article again with the corrections in force."""
        controller = self.controller
        if controller.lib is not None and controller.article_id is not None and controller.view is not None:
            analysis = controller.lib.analysis(controller.article_id, compute=False)
            view = controller.analysis_arrived(controller.article_id, analysis) if analysis is not None else None
            if view is not None:
                current = self.reader.current_sentence()
                self.reader.show_article(view, controller.notes, current.start if current else None)
                self._fill_panes()
                self._refresh_nav_sections()  # a re-labelled section: its topic and mark
                self._update_status()
        self.notify(message, timeout=4, markup=False)

    def correction_marks(self) -> Any:
        from ...analysis.corrections import Marks

        if self.lib is None or self.article_id is None:
            return Marks()
        try:
            from ...library.corrections import marks_for

            return marks_for(self.lib, self.article_id)
        except BriefingError:
            return Marks()

    def action_correct_entity(self, kind: str) -> None:
        from ...library.corrections import entity_rule_for, names_of, resolve
        from .correction_dialogs import AskDialog, ChoiceDialog
        from .dialogs import ConfirmDialog

        entity = self._highlighted_entity()
        if entity is None or self.lib is None:
            self.notify("Choose an entity in the Entities pane first.", markup=False)
            return
        try:
            ent = self._library_entity(entity)
        except BriefingError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        if ent is None:
            self.notify("This entity is not in the library's index yet.", markup=False)
            return

        def apply(other: str | None, target: Any = None) -> None:
            if other is None:
                return
            try:
                if kind == "merge":
                    into = resolve(self.lib, other)
                    _, args = entity_rule_for(self.lib, "merge", into, ent.name)
                else:
                    _, args = entity_rule_for(self.lib, kind, ent, other)
            except BriefingError as err:
                self.notify(str(err), severity="error", markup=False)
                return
            self._correct(kind, None, args)

        if kind == "retype":
            self.app.push_screen(
                ChoiceDialog(f"{ent.name} is a…", [(t, t) for t in ENTITY_TYPES], ent.type), apply
            )
        elif kind == "rename":
            self.app.push_screen(AskDialog(f"Rename {ent.name} everywhere to:", ent.name), apply)
        elif kind == "merge":
            self.app.push_screen(
                AskDialog(f"{ent.name} is the same entity as (name or alias):", "", "It joins that entity everywhere."),
                apply,
            )
        elif kind == "split":
            names = [n for n in names_of(self.lib, ent) if n != ent.name]
            if not names:
                self.notify(f"{ent.name} has no other name to split off.", markup=False)
                return
            self.app.push_screen(ChoiceDialog(f"Which name is not {ent.name}?", [(n, n) for n in names]), apply)
        elif kind == "reject":
            self.app.push_screen(
                ConfirmDialog(f"{ent.name} is not an entity (everywhere)?", "Reject", "Keep"),
                lambda yes: apply("" if yes else None),
            )

    def action_correct_speaker(self) -> None:
        from textual.widgets import OptionList

        from ...library.corrections import speaker_rule
        from .correction_dialogs import AskDialog

        if self.analysis is None or not self.panes_ready or self.lib is None:
            return
        option = self.query_one("#quote-list", OptionList).highlighted_option
        if option is None or not option.id or not option.id.startswith("quote:"):
            self.notify("Choose a quote in the Quotes pane first.", markup=False)
            return
        index = int(option.id.split(":", 1)[1])
        quote = self.analysis.quotes[index]

        def apply(name: str | None) -> None:
            if not name:
                return
            try:
                kind, source, args = speaker_rule(self.lib, self.article_id, index + 1, name)
            except BriefingError as err:
                self.notify(str(err), severity="error", markup=False)
                return
            self._correct(kind, source, args)

        self.app.push_screen(AskDialog("Who said it?", quote.speaker or "", "A name; it becomes the speaker."), apply)

    def action_relabel_section(self) -> None:
        from ...library.corrections import topic_rule
        from .correction_dialogs import ChoiceDialog

        if self.analysis is None or self.lib is None or not self.reader.sections:
            return
        index = self.reader.section_index()
        if self.nav_ready and self.focused is self.nav:
            node = self.nav.cursor_node
            item = node.data if node is not None else None
            if item is not None and item.article_id == self.article_id and item.section is not None:
                index = item.section
        section = self.reader.sections[index]
        labels, general = self.lib.topic_labels()
        choices = [*labels, ("general", general)]

        def apply(topic: str | None) -> None:
            if topic is None:
                return
            try:
                kind, source, args = topic_rule(self.lib, self.article_id, index + 1, topic)
            except BriefingError as err:
                self.notify(str(err), severity="error", markup=False)
                return
            self._correct(kind, source, args)
            if topic != "general":
                self._offer_cues(topic, dict(choices).get(topic, topic), section.start, section.end)

        self.app.push_screen(ChoiceDialog(f"Section {index + 1} is about…", choices, section.topic), apply)

    def _offer_cues(self, topic: str, label: str, start: int, end: int) -> None:
        from ...analysis.corrections import distinctive_words
        from ...library.taxonomy_cues import add_cues, existing_cues, user_taxonomy_path
        from .dialogs import ConfirmDialog

        text = self.view.text
        names = {w for e in self.analysis.entities for m in e.mentions for w in m.text.lower().split()}
        words = distinctive_words(
            text[start:end], text[self.view.body_start : start] + " " + text[end:], exclude=names | existing_cues()
        )
        if not words:
            self.notify("No words set this section apart to teach the taxonomy.", timeout=3, markup=False)
            return

        def write(yes: bool | None) -> None:
            if not yes:
                return
            try:
                path = add_cues(topic, words)
            except (BriefingError, OSError) as err:
                self.notify(f"Could not add the cues: {err}", severity="error", markup=False)
                return
            self.notify(f"Added {len(words)} cues to {label} in {path}", timeout=4, markup=False)

        self.app.push_screen(
            ConfirmDialog(
                f"Teach the taxonomy? These words set the section apart; add them as cues of “{label}” "
                f"in {user_taxonomy_path()}:\n\n{', '.join(words)}",
                "Add cues",
                "Not now",
            ),
            write,
        )

    def action_undo_correction(self) -> None:
        from ...library.corrections import undo_last

        if self.lib is None:
            return
        try:
            undone = undo_last(self.lib)
        except BriefingError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        if undone is None:
            self.notify("No correction to undo.", markup=False)
            return
        self._show_corrected(f"Undone: {undone.describe()}")
