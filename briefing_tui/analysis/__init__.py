"""The pure analysis core: text in, ``model.Analysis`` out. No I/O, no UI, no SQLite."""
