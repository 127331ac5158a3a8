"""The SQLite library: articles, cached analyses, the FTS5 index and notes. No UI here."""
