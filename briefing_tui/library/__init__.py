"""The SQLite library: articles, cached analyses, the FTS5 index and notes. No UI here."""

from .store import Article, ArticleInfo, ImportReport, Library

__all__ = ["Article", "ArticleInfo", "ImportReport", "Library"]
