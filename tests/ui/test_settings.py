"""The settings file: `[keymap]` rebinds keys by binding id; a broken file is refused as a whole: one
line naming file and line, and `briefing` exits with status 2 instead of starting half-configured."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.ui.settings import load_settings


def test_keymap_is_read_by_binding_id(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text('[keymap]\nnext-sentence = "ctrl+n,j"\nsearch = "ctrl+f"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.keymap == {"next-sentence": "ctrl+n,j", "search": "ctrl+f"}
    assert settings.warning == ""


def test_broken_settings_give_a_warning(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text("[keymap\nnext-sentence = ", encoding="utf-8")
    settings = load_settings(path)
    assert settings.keymap == {} and "invalid TOML" in settings.warning and "settings.toml" in settings.warning
    assert "line 1" in settings.warning
    path.write_text('[keymap]\nnext-sentence = 3\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.keymap == {} and "next-sentence" in settings.warning and "line 2" in settings.warning


def test_unknown_binding_ids_and_key_names_are_refused(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text('[keymap]\nnext-sentence = "ctrl+n"\n\nprev-sentence = "p"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.keymap == {}
    assert settings.warning.startswith(f"{path}: line 4: ") and "unknown binding id 'prev-sentence'" in settings.warning
    path.write_text('[keymap]\nnext-sentence = "ctrl+n"\nsearch = "ctrl+bogus,f"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.keymap == {} and "line 3" in settings.warning and "unknown key 'ctrl+bogus'" in settings.warning
    path.write_text('[keymap]\nsearch = "ctrl+f, slash, question_mark, f2, pagedown, shift+tab, minus"\n', encoding="utf-8")
    assert load_settings(path).keymap == {"search": "ctrl+f,slash,question_mark,f2,pagedown,shift+tab,minus"}


def test_every_key_help_lists_can_be_rebound(tmp_path: Path):
    # the ids of the entities and quotes panes, show changes and the library brief were listed in help
    # but refused by the keymap ("unknown binding id") until both used help's groups
    from briefing_tui.ui.screens.main import help_binding_groups

    listed = [b.id for _title, group in help_binding_groups() for b in group if b.id]
    assert {"entity-retype", "quote-speaker", "changes-next", "brief-week", "note-edit", "quit-app"} <= set(listed)
    path = tmp_path / "settings.toml"
    path.write_text("[keymap]\n" + "".join(f'{i} = "f{n % 12 + 1}"\n' for n, i in enumerate(listed)), encoding="utf-8")
    settings = load_settings(path)
    assert settings.warning == "" and list(settings.keymap) == listed


def test_briefing_refuses_a_broken_settings_file_before_starting(tmp_path: Path, monkeypatch, capsys):
    from briefing_tui.cli import main
    from briefing_tui.ui import app as app_module

    started = []
    monkeypatch.setattr(app_module.BriefingApp, "run", lambda self, *a, **kw: started.append(self))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("BRIEFING_LIBRARY", str(tmp_path / "library.sqlite3"))
    settings = tmp_path / "settings.toml"
    settings.write_text('[keymaps]\nquit = "ctrl+x"\n', encoding="utf-8")
    assert main([]) == 2 and not started
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"briefing: {settings}: line 1: unknown table 'keymaps' (a settings file holds only [keymap])"]
    assert not (tmp_path / "library.sqlite3").exists()  # nothing done with a half-read configuration


def test_no_settings_file_is_fine(tmp_path: Path):
    settings = load_settings(tmp_path / "missing.toml")
    assert settings.keymap == {} and settings.warning == ""


def test_the_app_reads_the_settings_from_the_config_dir(tmp_path: Path, monkeypatch):
    from briefing_tui.ui.app import BriefingApp

    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.toml").write_text('[keymap]\nquit = "ctrl+x"\n', encoding="utf-8")
    app = BriefingApp()
    assert app.keymap_overrides == {"quit": "ctrl+x"}
