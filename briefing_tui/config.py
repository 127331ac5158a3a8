"""Where things live (platformdirs) and the environment overrides for them."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "briefing"


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(os.environ.get("BRIEFING_CONFIG_DIR") or user_config_dir(APP_NAME))


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def library_path(override: str | os.PathLike[str] | None = None) -> Path:
    """`--library` beats ``BRIEFING_LIBRARY`` beats the user's data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("BRIEFING_LIBRARY")
    if env:
        return Path(env).expanduser()
    return data_dir() / "library.sqlite3"


def user_taxonomy_path() -> Path:
    """A user's own taxonomy, used instead of the shipped default when it exists."""
    return config_dir() / "topics.toml"


def default_taxonomy_path() -> Path:
    """The taxonomy shipped with the program."""
    return Path(__file__).resolve().parent / "taxonomy" / "default.toml"


def taxonomy_file(path: str | os.PathLike[str] | None = None) -> Path:
    """The file ``load_taxonomy(path)`` reads: ``path`` if given, else the user's ``topics.toml`` in
    the config dir when present, else the default. (Here, not in the topic code, so that working out
    which file is in use imports nothing heavy.)"""
    if path is None:
        user = user_taxonomy_path()
        return user if user.is_file() else default_taxonomy_path()
    return Path(path).expanduser()


def settings_path() -> Path:
    return config_dir() / "settings.toml"
