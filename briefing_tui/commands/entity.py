"""`briefing entity NAME [--json]`: the dossier of a library entity (see ``commands/entities.py``)."""

from __future__ import annotations

from .entities import run_entity as run

__all__ = ["run"]
