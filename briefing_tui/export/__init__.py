"""Exporters: Markdown briefings, JSON, W3C Web Annotations."""
