"""The reader's settings file (TOML at config.settings_path()): key rebinding via ``[keymap]``.

```toml
[keymap]
next-sentence = "j,down"   # binding id = comma-separated keys (ids are listed in the `?` help)
```
A broken settings file never stops the reader: the problem is returned as a warning to show.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..config import settings_path


@dataclass
class Settings:
    keymap: dict[str, str] = field(default_factory=dict)
    warning: str = ""


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return Settings(warning=f"{path}: ignored ({err})")
    keymap_table = data.get("keymap", {})
    if not isinstance(keymap_table, dict):
        return Settings(warning=f"{path}: [keymap] must be a table of id = \"keys\"")
    keymap = {str(k): v for k, v in keymap_table.items() if isinstance(v, str) and v.strip()}
    bad = sorted(str(k) for k, v in keymap_table.items() if not (isinstance(v, str) and v.strip()))
    warning = f"{path}: keymap entries ignored (not a key string): {', '.join(bad)}" if bad else ""
    return Settings(keymap=keymap, warning=warning)
