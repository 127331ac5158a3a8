"""Command palette provider: go to entity / topic / article, export, switch theme and every action.

Titles are namespaced (``entity: …``, ``topic: …``, ``article: …``, ``theme: …``, ``action: …``) so a
few typed letters find the kind of command you want. It lives beside the app (not among the widgets):
it reads the main screen, which the widgets never import.
"""

from __future__ import annotations

from functools import partial
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from .screens.main import MainScreen
from .widgets.reader_layout import literal


class BriefingCommands(Provider):
    """Commands built from the main screen's current article and the app's bindings."""

    _cached_commands: list[tuple[str, object, str]] | None = None  # one palette session: built once

    def _main(self) -> MainScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _commands(self) -> list[tuple[str, object, str]]:
        cached = self._cached_commands
        if cached is None:
            cached = self._cached_commands = self._build_commands()
        return cached

    def _build_commands(self) -> list[tuple[str, object, str]]:
        main = self._main()
        commands: list[tuple[str, object, str]] = []
        if main is None:
            return commands
        for title, action, help_text in main.palette_actions():
            commands.append((f"action: {title}", partial(main.run_action, action), help_text))
        analysis = main.analysis
        if analysis is not None:
            for entity in sorted(analysis.entities, key=lambda e: -len(e.mentions)):
                name = " ".join(literal(entity.name).split())
                commands.append(
                    (f"entity: {name}", partial(main.choose_entity, entity.id), f"{entity.type}, {len(entity.mentions)} mentions")
                )
            seen: set[str] = set()
            for index, section in enumerate(analysis.sections):
                label = literal(section.label)
                key = f"{label} ({index + 1})" if section.topic in seen else label
                seen.add(section.topic)
                commands.append((f"topic: {key}", partial(main.goto_section, index), "go to this section"))
        for ent in main.library_entities():  # issue 10: any library entity's dossier
            name = " ".join(literal(ent.name).split())
            commands.append((
                f"go to entity: {name}", partial(main.open_dossier, ent.id),
                f"dossier · {ent.type}, {ent.articles} articles, {ent.mentions} mentions",
            ))
        for article_id, title in main.article_titles():
            commands.append((f"article: {literal(title)}", partial(main.open_article, article_id), "open this article"))
        commands.append(("brief: what is new in the library, by topic", partial(main.run_action, "library_brief"),
                         "key sentences, entities and quotes of the last days"))
        commands.append(("export: this article or the library", partial(main.run_action, "export"), "Markdown, JSON or web annotations"))
        for theme in sorted(self.app.available_themes):
            commands.append((f"theme: {theme}", partial(main.set_theme, theme), "switch theme (remembered)"))
        return commands

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            if title.startswith(("action:", "brief:", "export:", "entity:")):
                yield DiscoveryHit(Content(title), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class SafeCommandPalette(CommandPalette):
    """Textual's command palette, except that a page key pressed before its list has lines (just
    opened, or a terminal too small for it) is ignored instead of ending the app (KeyError in
    Textual 8.2's OptionList._move_page)."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):
            pass
