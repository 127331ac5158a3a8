"""The settings file: `[keymap]` rebinds keys by binding id; a broken file is a warning, not a crash."""

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
    assert settings.keymap == {} and "ignored" in settings.warning and "settings.toml" in settings.warning
    path.write_text('[keymap]\nnext-sentence = 3\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.keymap == {} and "next-sentence" in settings.warning


def test_no_settings_file_is_fine(tmp_path: Path):
    settings = load_settings(tmp_path / "missing.toml")
    assert settings.keymap == {} and settings.warning == ""


def test_the_app_reads_the_settings_from_the_config_dir(tmp_path: Path, monkeypatch):
    from briefing_tui.ui.app import BriefingApp

    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.toml").write_text('[keymap]\nquit = "ctrl+x"\n', encoding="utf-8")
    app = BriefingApp()
    assert app.keymap_overrides == {"quit": "ctrl+x"}
