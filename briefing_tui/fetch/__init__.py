"""Fetching over HTTP(S): I/O only (urllib3), no parsing, no library; at the level of ``ingest``."""
