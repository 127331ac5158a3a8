"""`briefing [FILE...]`: bad files are one-line errors (exit 2); good ones are imported and opened first."""

from __future__ import annotations

import subprocess
import sys
from argparse import Namespace
from pathlib import Path

from briefing_tui.commands import tui


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path):
    out = subprocess.run(
        [sys.executable, "-m", "briefing_tui.cli", str(tmp_path / "nope.txt"), "--library", str(tmp_path / "l.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "nope.txt" in out.stderr
    assert "Traceback" not in out.stderr


def test_files_are_imported_and_the_first_one_is_opened(tmp_path: Path, fake_analyser):
    first = tmp_path / "first.txt"
    first.write_text("First headline\nThe talks went on in Borvia.\n", encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text("Second headline\nAlda Kestrel said nothing.\n", encoding="utf-8")
    args = Namespace(files=[str(first), str(second)], library=str(tmp_path / "lib.sqlite3"), topics=None)
    lib, article_id = tui._import_files(args)
    try:
        assert lib.article(article_id).title == "First headline"
        # again: already in the library, still opens the same article
        lib2, again = tui._import_files(args)
        lib2.close()
        assert again == article_id
    finally:
        lib.close()


def test_a_broken_user_taxonomy_stops_briefing_without_files(tmp_path: Path, monkeypatch, capsys, library_path: Path):
    """`briefing` on an existing library with a broken topics.toml: one line, exit 2, no app."""
    from briefing_tui.cli import main
    from briefing_tui.ui import app as app_module

    started = []
    monkeypatch.setattr(app_module.BriefingApp, "run", lambda self, *a, **kw: started.append(self))
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    (config / "topics.toml").write_text('[[topic]]\nid = "x"\nlabel = 3\n[topic.cues]\n"a" = 1\n', encoding="utf-8")
    assert main(["--library", str(library_path)]) == 2 and not started
    err = capsys.readouterr().err
    assert err.splitlines() == [f"briefing: {config / 'topics.toml'}: line 3: topic 'x': `label` must be a non-empty string"]
    bad = tmp_path / "mine.toml"
    bad.write_text("[[topic]\n", encoding="utf-8")
    (config / "topics.toml").unlink()
    assert main(["--library", str(library_path), "--topics", str(bad)]) == 2 and not started
    err = capsys.readouterr().err
    assert err.startswith(f"briefing: {bad}: invalid TOML") and "line 1" in err and err.count("\n") == 1
