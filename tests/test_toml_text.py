"""One helper reads the TOML users write: the taxonomy and the settings report a syntax error the same
way (one line, with the line number), and a problem in the data at the line it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.analysis.topics import taxonomy_from_toml
from briefing_tui.errors import BriefingError
from briefing_tui.toml_text import locate
from briefing_tui.ui.settings import load_settings

BROKEN = '# a comment\n[keymap]\nquit = "q\nhelp = "?"\n'


def test_taxonomy_and_settings_report_a_syntax_error_alike(tmp_path: Path) -> None:
    with pytest.raises(BriefingError) as err:
        taxonomy_from_toml(BROKEN, "topics.toml")
    path = tmp_path / "settings.toml"
    path.write_text(BROKEN, encoding="utf-8")
    warning = load_settings(path).warning
    assert str(err.value).removeprefix("topics.toml") == warning.removeprefix(str(path))
    assert "invalid TOML" in warning and "line 3" in warning and "\n" not in warning


def test_an_error_at_the_very_end_names_the_last_line() -> None:
    with pytest.raises(BriefingError, match=r"at end of document, line 3\)"):
        taxonomy_from_toml('[[topic]]\nid = "x"\nlabel = [\n', "t.toml")


TEXT = """\
title = "top"
keymap.quit = "q"

[settings]
smoothing = 2

[[topic]]
id = "a"
[topic.cues]
"ferry" = 1

[[topic]]
id = "b"
label = "B"
[topic.cues]
"storm" = 1
"""


@pytest.mark.parametrize(("table", "keys", "nth", "line"), [
    ("settings", ("smoothing",), None, 5),   # a key of a table
    ("settings", ("missing",), None, 4),     # not there: the table's header
    ("topic", ("label",), 2, 14),            # a key of the second [[topic]]
    ("topic", ("cues",), 1, 9),              # a sub-table named after the key
    ("topic", ("label",), 1, 7),             # the first [[topic]] has no label: its header
    ("keymap", (), None, 2),                 # a dotted top-level key
    (None, ("title",), None, 1),             # the top level
    ("nowhere", ("x",), None, None),
])
def test_locate_finds_the_line_of_a_problem(table, keys, nth, line) -> None:  # noqa: ANN001
    assert locate(TEXT, table, keys, nth) == line
