"""Briefing: a terminal briefing reader (analysis core, SQLite library, Textual UI).

Importing this package must stay cheap: no spaCy, no Textual here.
"""

__version__ = "0.1.0"
