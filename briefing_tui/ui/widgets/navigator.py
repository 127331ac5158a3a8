"""The topic navigator: a tree of articles, the open one with its sections in reading order.

Each section is labelled by its topic (a colour per topic, the number its `1`-`9` key uses) and the
count of notes in it; the section under the reader's cursor is marked. Unread articles carry a dot;
articles from subscriptions are grouped under their feed, labelled with its unread count (a feed's
node has no data: selecting it opens nothing). Labels are built as Rich ``Text`` from plain strings,
never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...model import Note, Section
from .reader import TOPIC_COLOURS, TOPIC_COLOURS_REGISTRY
from .reader_layout import literal


@dataclass(frozen=True)
class NavItem:
    article_id: int
    section: int | None = None  # None: the article itself
    topic: str | None = None  # a topic of an article that is not open (from the library's index)


def topic_label(topic: str) -> str:
    """'peace-talks' -> 'Peace talks' (for articles whose analysis is not loaded)."""
    words = topic.replace("_", "-").split("-")
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:] if text else topic


class TopicNavigator(Tree[NavItem]):
    """Articles and their sections."""

    COMPONENT_CLASSES = {
        "navigator--current",
        "navigator--notes",
        "navigator--article-current",
        "navigator--unread",
        "navigator--feed",
        *(f"navigator--topic-{i}" for i in range(TOPIC_COLOURS)),
    }

    BINDINGS = [
        Binding("right,l", "open_node", "Show topics", show=False, id="navigator-expand"),
        Binding("left,h", "close_node", "Hide topics", show=False, id="navigator-collapse"),
        Binding("t", "screen.relabel_section", "Re-label the section's topic", id="navigator-relabel"),  # issue 10
    ]

    def action_open_node(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand and not node.is_expanded:
            node.expand()

    def action_close_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Library", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False
        self._articles: dict[int, TreeNode[NavItem]] = {}
        self._titles: dict[int, str] = {}
        self._section_nodes: list[TreeNode[NavItem]] = []
        self._sections: list[Section] = []
        self._notes_per_section: list[int] = []
        self._topic_numbers: dict[str, int] = {}
        self.open_article: int | None = None
        self.current_section = -1
        self._styles: dict[str, Style] = {}
        self._topics: dict[int, tuple[str, ...]] = {}
        self.topic_labels: dict[str, str] = {}  # topic id -> label, from the library's taxonomy
        self._shown: tuple[int, tuple[Section, ...]] | None = None  # what the section children show
        self._unread: set[int] = set()
        self._feed_of: dict[int, str] = {}  # article id -> its feed's name (subscriptions only)
        self._feed_nodes: dict[str, TreeNode[NavItem]] = {}
        self.versioned: set[int] = set()  # articles with earlier versions: marked ↻
        self.corrected_sections: frozenset[int] = frozenset()  # re-labelled by the analyst: marked ✓

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def set_articles(
        self,
        articles: Sequence[tuple[int, str, Sequence[str]]],
        unread: set[int] | None = None,
        feeds: Mapping[int, str] | None = None,
    ) -> None:
        """(id, title, topics in reading order) per article, in library order. Other articles' topics
        are added as children when their node is expanded. ``unread``: the ids not read yet;
        ``feeds``: article id -> feed name, for the articles that came from a subscription. Listed
        again (after a refresh), the cursor stays on the article it was on."""
        under_cursor = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        self._articles.clear()
        self._section_nodes = []
        self._shown = None
        self._unread = set(unread or ())
        self._feed_of = dict(feeds or {})
        self._feed_nodes = {}
        for name in sorted(set(self._feed_of.values()), key=str.casefold):
            self._feed_nodes[name] = self.root.add(self._feed_label(name), data=None, expand=True)
        for article_id, title, topics in articles:
            self._titles[article_id] = literal(title) or f"Article {article_id}"
            self._topics[article_id] = tuple(topics)
            parent = self._feed_nodes.get(self._feed_of.get(article_id, ""), self.root)
            node = parent.add(self._article_label(article_id), data=NavItem(article_id), allow_expand=bool(topics))
            self._articles[article_id] = node
        if under_cursor is not None and under_cursor.article_id in self._articles:
            node = self._articles[under_cursor.article_id]
            self.call_after_refresh(self.move_cursor, node, animate=False)  # once the new lines exist

    def _feed_label(self, name: str) -> Text:
        count = sum(1 for a, feed in self._feed_of.items() if feed == name and a in self._unread)
        label = Text(literal(name) or "(feed)", style=self._style("navigator--feed"))
        if count:
            label.append(f"  {count}", self._style("navigator--unread"))
        return label

    def set_read(self, article_id: int, read: bool = True) -> None:
        """Mark an article read (or unread): its dot and its feed's count."""
        if (article_id not in self._unread) == read:
            return
        if read:
            self._unread.discard(article_id)
        else:
            self._unread.add(article_id)
        node = self._articles.get(article_id)
        if node is not None:
            node.set_label(self._article_label(article_id))
        feed = self._feed_of.get(article_id)
        if feed in self._feed_nodes:
            self._feed_nodes[feed].set_label(self._feed_label(feed))

    def is_unread(self, article_id: int) -> bool:
        return article_id in self._unread

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NavItem]) -> None:
        node = event.node
        item = node.data
        if item is None or item.section is not None or item.topic is not None:
            return
        if item.article_id == self.open_article or node.children:
            return
        for topic in self._topics.get(item.article_id, ()):
            label = Text()
            slot = TOPIC_COLOURS_REGISTRY.slot(topic)
            label.append("  ■ ", self._style(f"navigator--topic-{slot}") if slot is not None else Style(dim=True))
            label.append(literal(self.topic_labels.get(topic) or topic_label(topic)))
            node.add_leaf(label, data=NavItem(item.article_id, None, topic))

    def _article_label(self, article_id: int) -> Text:
        title = self._titles.get(article_id, "")
        label = Text("● ", style=self._style("navigator--unread")) if article_id in self._unread else Text()
        if article_id == self.open_article:
            label.append(title, style=self._style("navigator--article-current"))
        else:
            label.append(title)
        if article_id in self.versioned:
            label.append(" ↻", Style(dim=True))  # it changed since it was first imported (h: history)
        return label

    def set_versioned(self, ids: set[int]) -> None:
        """Mark the articles that have earlier versions."""
        self.versioned = set(ids)
        for article_id, node in self._articles.items():
            node.set_label(self._article_label(article_id))

    def add_article(self, article_id: int, title: str) -> None:
        if article_id in self._articles:
            return
        self._titles[article_id] = literal(title) or f"Article {article_id}"
        self._articles[article_id] = self.root.add(
            self._article_label(article_id), data=NavItem(article_id), allow_expand=False
        )

    def show_sections(
        self,
        article_id: int,
        sections: Sequence[Section],
        topic_numbers: dict[str, int],
        notes: Sequence[Note] = (),
    ) -> None:
        """Give the open article its section children (and collapse the previously open one)."""
        previous = self.open_article
        self.open_article = article_id
        if previous is not None and previous in self._articles and previous != article_id:
            old = self._articles[previous]
            old.remove_children()
            old.collapse()
            old.allow_expand = bool(self._topics.get(previous))
            old.set_label(self._article_label(previous))
        node = self._articles.get(article_id)
        if node is None:
            return
        if self._shown == (article_id, tuple(sections)) and len(self._section_nodes) == len(sections):
            self.update_notes(notes)  # already showing these sections
            return
        self._shown = (article_id, tuple(sections))
        node.set_label(self._article_label(article_id))
        if sections:
            self._topics[article_id] = tuple(dict.fromkeys(s.topic for s in sections))
        node.remove_children()
        self.current_section = -1
        self._sections = list(sections)
        self._topic_numbers = dict(topic_numbers)
        self._section_nodes = []
        self._notes_per_section = self._count_notes(notes)
        for index, _section in enumerate(self._sections):
            child = node.add_leaf(self._section_label(index), data=NavItem(article_id, index))
            self._section_nodes.append(child)
        node.allow_expand = bool(self._sections)
        node.expand()

    def _count_notes(self, notes: Sequence[Note]) -> list[int]:
        counts = [0] * len(self._sections)
        for note in notes:
            if note.deleted or note.orphaned:
                continue
            for i, section in enumerate(self._sections):
                if section.start <= note.start < section.end:
                    counts[i] += 1
                    break
        return counts

    def update_notes(self, notes: Sequence[Note]) -> None:
        self._notes_per_section = self._count_notes(notes)
        for index, node in enumerate(self._section_nodes):
            node.set_label(self._section_label(index))

    def _section_label(self, index: int) -> Text:
        section = self._sections[index]
        current = index == self.current_section
        label = Text()
        label.append("▶ " if current else "  ", self._style("navigator--current") if current else Style())
        slot = TOPIC_COLOURS_REGISTRY.slot(section.topic)
        swatch = self._style(f"navigator--topic-{slot}") if slot is not None else Style(dim=True)
        label.append("■ ", swatch)
        number = self._topic_numbers.get(section.topic)
        if number:
            label.append(f"{number} ", Style(dim=True))
        label.append(literal(section.label), self._style("navigator--current") if current else Style())
        if index in self.corrected_sections:
            label.append(" ✓", Style(dim=True))  # its topic was set by the analyst (t; U undoes)
        count = self._notes_per_section[index] if index < len(self._notes_per_section) else 0
        if count:
            label.append(f"  ✎{count}", self._style("navigator--notes"))
        return label

    def mark_section(self, index: int, move_cursor: bool = True) -> None:
        """Mark the section under the reader's cursor (and move the tree cursor to it)."""
        if index == self.current_section:
            return
        old = self.current_section
        self.current_section = index
        for i in (old, index):
            if 0 <= i < len(self._section_nodes):
                self._section_nodes[i].set_label(self._section_label(i))
        if move_cursor and 0 <= index < len(self._section_nodes):
            node = self._section_nodes[index]
            self.move_cursor(node, animate=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        # labels carry resolved styles: rebuild them for the new theme
        if self.is_mounted:
            for index, node in enumerate(self._section_nodes):
                node.set_label(self._section_label(index))
            for name, node in self._feed_nodes.items():
                node.set_label(self._feed_label(name))
            for article_id in self._unread:
                if article_id in self._articles:
                    self._articles[article_id].set_label(self._article_label(article_id))
