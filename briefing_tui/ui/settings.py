"""The reader's settings file (TOML at config.settings_path()): key rebinding via ``[keymap]``.

```toml
[keymap]
next-sentence = "j,down"   # binding id = comma-separated keys (ids are listed in the `?` help)
```

The file is all or nothing: any problem (TOML syntax, a key or table other than ``[keymap]``, a value
that is not a string of keys, an unknown binding id, a key name Textual does not know) makes
``load_settings`` return *no* settings and a one-line ``warning`` naming the file and the line.
``briefing`` refuses to start on it (exit status 2, see commands/tui.py) rather than run with a
half-read configuration; an app built directly with such Settings shows the warning and uses defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import toml_text
from ..config import settings_path
from ..errors import BriefingError

TABLES = ("keymap",)  # everything the settings file may hold
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@dataclass
class Settings:
    keymap: dict[str, str] = field(default_factory=dict)
    warning: str = ""  # one line: "FILE: line N: what is wrong" (empty when all is well)


class _Problem(Exception):
    def __init__(self, msg: str, table: str | None = None, key: str | None = None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.table = table
        self.key = key


def load_settings(path: Path | None = None) -> Settings:
    """Read and check the settings file; a missing file is no settings, a broken one is a warning."""
    path = path or settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except IsADirectoryError:
        return Settings(warning=f"{path}: is a directory, not a settings file")
    except OSError as err:
        return Settings(warning=f"{path}: cannot read ({err.strerror or err})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return Settings(warning=f"{path}: line {line}: not UTF-8 text")
    try:
        data = toml_text.parse(text, str(path))
    except BriefingError as err:
        return Settings(warning=str(err))
    try:
        keymap = _check(data)
    except _Problem as problem:
        line = toml_text.locate(text, problem.table, (problem.key,) if problem.key else ())
        where = f"line {line}: " if line else ""
        return Settings(warning=f"{path}: {where}{problem.msg}")
    return Settings(keymap=keymap)


def _check(data: dict) -> dict[str, str]:
    for name, value in data.items():
        if name not in TABLES:
            kind = "table" if isinstance(value, dict) else "key"
            raise _Problem(f"unknown {kind} '{name}' (a settings file holds only [keymap])", name, None)
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        raise _Problem('[keymap] must be a table of binding-id = "keys"', "keymap", None)
    if not table:
        return {}
    known = binding_ids()
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if binding_id not in known:
            raise _Problem(
                f"[keymap]: unknown binding id '{binding_id}' (the ids are listed in the ? help)", "keymap", binding_id
            )
        if not isinstance(keys, str):
            raise _Problem(
                f'[keymap] {binding_id}: must be a string of keys such as "j,down", not {type(keys).__name__}',
                "keymap",
                binding_id,
            )
        bad = key_list_problem(keys)
        if bad:
            raise _Problem(f"[keymap] {binding_id}: {bad}", "keymap", binding_id)
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))
    return keymap


def key_list_problem(keys: str) -> str:
    """Why a comma-separated list of Textual key names is not valid ('' when it is)."""
    if not keys.strip():
        return "no keys given"
    for key in keys.split(","):
        key = key.strip()
        if not key:
            return f"an empty key in {keys!r}"
        if not valid_key(key):
            return f"unknown key {key!r} (use names like j, ctrl+n, down, pagedown, f2, question_mark)"
    return ""


def valid_key(key: str) -> bool:
    """A Textual key name: modifiers joined by '+' and one key (a character or a named key)."""
    from textual.keys import REPLACED_KEYS, Keys, key_to_character

    if len(key) == 1:  # a character; "+" alone is a character too
        return key.isprintable() and not key.isspace()
    *mods, name = key.split("+") if not key.endswith("++") else [*key[:-2].split("+"), "+"]
    if any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods) or not name:
        return False
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    named = {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}
    return name in named or name in REPLACED_KEYS or key_to_character(name) is not None


def binding_ids() -> set[str]:
    """Every binding id of the reader (what ``[keymap]`` may name): the keys help lists, and the dialogs'."""
    from textual.binding import Binding

    from .screens.dialogs import ConfirmDialog, ExportDialog
    from .screens.help import HelpScreen
    from .screens.main import help_binding_groups

    groups = [bindings for _title, bindings in help_binding_groups()]
    groups += [cls.BINDINGS for cls in (ConfirmDialog, ExportDialog, HelpScreen)]
    return {b.id for bindings in groups for b in bindings if isinstance(b, Binding) and b.id}
