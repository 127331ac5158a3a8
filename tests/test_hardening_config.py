"""Configuration errors: a bad taxonomy (given with --topics or found in the config dir) is one line
naming the file and the TOML line, exit status 2, before any article is analysed; the reader's
settings loader is checked for what it does with a broken settings file."""

from __future__ import annotations

import pytest

from briefing_tui.cli import main

GOOD_TOPIC = '[[topic]]\nid = "weather"\nlabel = "Weather"\n[topic.cues]\n"rain" = 3\n"storm" = 3\n'

# (taxonomy text, the line the error must name, words of the message)
BAD_TAXONOMIES = [
    pytest.param('[[topic]]\nid = "x"\nlabel = "X\n', 3, "invalid TOML", id="syntax-unclosed-string"),
    pytest.param('[[topic]]\nid = "x"\n[topic.cues]\n"a" = 1\n"a" = 2\n', 5, "invalid TOML", id="syntax-duplicate-key"),
    pytest.param('[[topic]]\nid = "x"\nlabel = [\n', 3, "invalid TOML", id="syntax-at-end"),
    pytest.param(GOOD_TOPIC + '\n[[topic]]\nid = "y"\nlabel = "Y"\n', 8, "has no cues", id="no-cues"),
    pytest.param(GOOD_TOPIC + '[[topic]]\nid = "y"\n[topic.cues]\n', 9, "has no cues", id="empty-cues"),
    pytest.param('[[topic]]\nid = "x"\ncues = ["a", "b"]\n', 3, "must be a table", id="cues-wrong-type"),
    pytest.param(GOOD_TOPIC + '"hail" = "heavy"\n', 7, "cue 'hail' must be a number", id="weight-wrong-type"),
    pytest.param(GOOD_TOPIC + '"hail" = 0\n', 7, "positive weight", id="weight-zero"),
    pytest.param('[[topic]]\nid = 3\n[topic.cues]\n"a" = 1\n', 2, "`id` must be", id="id-wrong-type"),
    pytest.param('[[topic]]\nid = "Peace Talks"\n[topic.cues]\n"a" = 1\n', 2, "`id` must be", id="id-not-slug"),
    pytest.param(GOOD_TOPIC + '[[topic]]\nid = "weather"\n[topic.cues]\n"b" = 1\n', 8, "duplicate id", id="dup-id"),
    pytest.param('[[topic]]\nid = "general"\n[topic.cues]\n"a" = 1\n', 2, "reserved", id="reserved-id"),
    pytest.param('[[topic]]\nid = "x"\nlabel = 5\n[topic.cues]\n"a" = 1\n', 3, "`label` must be", id="label-type"),
    pytest.param(GOOD_TOPIC.replace('label = "Weather"\n', 'label = "Weather"\ncolour = "blue"\n'), 4,
                 "unknown key 'colour'", id="unknown-topic-key"),
    pytest.param("[settings]\nswitch_cost = 2\nswich_cost = 3\n" + GOOD_TOPIC, 3, "unknown setting 'swich_cost'",
                 id="unknown-setting"),
    pytest.param("[settings]\nswitch_cost = \"high\"\n" + GOOD_TOPIC, 2, "must be a number", id="setting-type"),
    pytest.param("[settings]\nswitch_cost = -1\n" + GOOD_TOPIC, 2, "must not be negative", id="setting-negative"),
    pytest.param(GOOD_TOPIC + "[topics]\nx = 1\n", 7, "unknown table 'topics'", id="unknown-table"),
    pytest.param('topic = "weather"\n', 1, "array of tables", id="topic-not-tables"),
    pytest.param(GOOD_TOPIC + '"..." = 2\n', 7, "has no words", id="cue-no-words"),
    pytest.param('[[topic]]\nid = "x"\nanchors = "rain"\n[topic.cues]\n"a" = 1\n', 3, "`anchors` must be",
                 id="anchors-type"),
]


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text("Heavy rain fell. A storm followed the rain.\n", encoding="utf-8")
    return p


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("toml, line, words", BAD_TAXONOMIES)
def test_bad_topics_file_is_one_line_with_file_and_line(capsys, tmp_path, article, toml, line, words):
    tax = tmp_path / "bad topics.toml"
    tax.write_text(toml, encoding="utf-8")
    code = main(["analyze", str(article), "--topics", str(tax)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""  # nothing analysed with a half-read taxonomy
    msg = _one_line(err)
    assert msg.startswith(f"briefing: {tax}: ")
    assert words in msg
    assert f"line {line}" in msg


def test_no_topics_at_all(capsys, tmp_path, article):
    tax = tmp_path / "t.toml"
    tax.write_text("[settings]\nswitch_cost = 1\n", encoding="utf-8")
    code = main(["analyze", str(article), "--topics", str(tax)])
    out, err = capsys.readouterr()
    assert code == 2 and _one_line(err) == f"briefing: {tax}: no topics (add [[topic]] tables)"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: None, "no such taxonomy file"),
        (lambda p: p.mkdir(), "is a directory, not a taxonomy file"),
        (lambda p: p.write_bytes(b'[[topic]]\nid = "caf\xe9"\n'), "not UTF-8 text"),
    ],
    ids=["missing", "directory", "not-utf8"],
)
def test_unreadable_topics_file(capsys, tmp_path, article, make, message):
    tax = tmp_path / "topics.toml"
    make(tax)
    code = main(["analyze", str(article), "--topics", str(tax)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert _one_line(err) == f"briefing: {tax}: {message}"


def test_user_taxonomy_in_the_config_dir(capsys, tmp_path, article, monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    (config / "topics.toml").write_text(GOOD_TOPIC, encoding="utf-8")
    code = main(["analyze", str(article), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and '"label": "Weather"' in out  # the user's taxonomy is used
    (config / "topics.toml").write_text(GOOD_TOPIC + '"hail" = true\n', encoding="utf-8")
    code = main(["analyze", str(article)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert _one_line(err) == (
        f"briefing: {config / 'topics.toml'}: line 7: topic 'weather': cue 'hail' must be a number, not bool"
    )
    (config / "topics.toml").write_text("[[topic]\n", encoding="utf-8")
    code = main(["analyze", str(article)])
    out, err = capsys.readouterr()
    assert code == 2 and _one_line(err).startswith(f"briefing: {config / 'topics.toml'}: invalid TOML")
    assert "line 1" in err


def test_the_reader_refuses_a_bad_user_taxonomy_before_starting(capsys, tmp_path, article, monkeypatch):
    """`briefing FILE` with a broken topics.toml in the config dir: one line, exit 2, no app started."""
    from briefing_tui.ui import app as app_module

    started = []
    monkeypatch.setattr(app_module.BriefingApp, "run", lambda self, *a, **kw: started.append(self))
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    monkeypatch.setenv("BRIEFING_LIBRARY", str(tmp_path / "lib.sqlite3"))
    (config / "topics.toml").write_text('[[topic]]\nid = "x"\n', encoding="utf-8")
    code = main([str(article)])
    out, err = capsys.readouterr()
    assert not started
    assert code == 2
    lines = [ln for ln in err.splitlines() if not ln.startswith("briefing: importing")]
    assert lines == [f"briefing: {config / 'topics.toml'}: line 1: topic 'x': has no cues "
                     '(add a [topic.cues] table of "term" = weight)']


# --- the reader's settings file (ui/settings.py: all or nothing, one line with file and line) ---------------------


def _load_settings(path):
    settings = pytest.importorskip("briefing_tui.ui.settings")
    return settings.load_settings(path)


@pytest.mark.parametrize(
    "toml, words",
    [
        ("[keymap]\nnext-sentence = \"j\n", "line 2"),  # syntax error: names the line
        ("keymap = 3\n", "must be a table"),
    ],
)
def test_malformed_settings_give_a_warning_naming_file_and_line(tmp_path, toml, words):
    p = tmp_path / "settings.toml"
    p.write_text(toml, encoding="utf-8")
    s = _load_settings(p)
    assert str(p) in s.warning and words in s.warning
    assert "\n" not in s.warning
    assert s.keymap == {}  # nothing half-read


def test_settings_with_a_bad_entry_are_not_half_applied(tmp_path):
    """Issue 5 §3: no half-read configuration. A bad keymap entry next to good ones: the whole file
    is refused with the error (not the good entries applied and the bad one dropped)."""
    p = tmp_path / "settings.toml"
    p.write_text('[keymap]\nnext-sentence = "j"\nprev-sentence = 5\n', encoding="utf-8")
    s = _load_settings(p)
    assert s.warning and str(p) in s.warning
    assert s.keymap == {}, "a settings file with an error was half applied"


def test_settings_unknown_keys_are_reported(tmp_path):
    """Issue 5 §3: unknown keys are an error. A misspelt table (`[keymaps]`) must not pass silently."""
    p = tmp_path / "settings.toml"
    p.write_text('[keymaps]\nnext-sentence = "j"\n', encoding="utf-8")
    s = _load_settings(p)
    assert "keymaps" in s.warning and "line 1" in s.warning
