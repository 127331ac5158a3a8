"""The SQLite library: articles, cached analyses, the FTS5 index and notes. No UI here.

``Library`` (``api.py``) is what the rest of the program opens; ``Store`` (``store.py``) is the file,
its transactions and index primitives, on which the operation modules build.
"""

from .api import Library
from .store import Article, ArticleInfo, ImportReport, Store

__all__ = ["Article", "ArticleInfo", "ImportReport", "Library", "Store"]
