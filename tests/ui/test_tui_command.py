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
