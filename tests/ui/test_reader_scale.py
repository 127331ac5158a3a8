"""The reader on big input and without the NLP model: what a user notices is speed and no freezes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from uihelpers import wait_ready

from briefing_tui.ui.settings import Settings

SCRIPT = """
import sys
from briefing_tui.library import Library
from briefing_tui.ui.app import BriefingApp
from briefing_tui.ui.screens import main as M

orig = M.MainScreen.on_main_screen_article_loaded
def loaded(self, message):
    orig(self, message)
    self.app.call_after_refresh(self.app.exit)
M.MainScreen.on_main_screen_article_loaded = loaded
BriefingApp(Library.open(sys.argv[1])).run(headless=True, size=(120, 40))
print("spacy loaded" if "spacy" in sys.modules else "no spacy")
"""


def test_opening_an_analysed_library_does_not_load_the_nlp_model(library_path: Path, tmp_path: Path):
    script = tmp_path / "open.py"
    script.write_text(SCRIPT, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(library_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("no spacy"), out.stdout


async def test_a_big_article_opens_quickly_and_mounts_no_widget_per_paragraph(tmp_path: Path, empty_library):
    from briefing_tui.ui.app import BriefingApp

    paragraph = "The Northern Treaty Council met in Borvia again. Alda Kestrel said talks would go on. " * 3
    text = "A very long briefing\n" + "\n".join(f"{i}: {paragraph}" for i in range(800)) + "\n"
    big = tmp_path / "big.txt"
    big.write_text(text, encoding="utf-8")
    assert big.stat().st_size > 200_000
    article_id = empty_library.import_paths([big]).imported[0]
    app = BriefingApp(empty_library, settings=Settings(), theme="textual-dark", open_article=article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        reader = app.screen.reader
        assert len(reader.children) == 0  # lines are rendered on demand, not mounted
        assert reader.layout_lines > 1600
        started = time.perf_counter()
        await pilot.press("G")  # to the end
        await pilot.press("k", "k", "j")
        await pilot.pause()
        assert time.perf_counter() - started < 2.0
        assert reader.cursor == len(reader.sentences) - 2
        assert "799:" in app.screen.view.text[reader.current_sentence().start - 200 : reader.current_sentence().end]
