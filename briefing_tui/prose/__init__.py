"""Rules about prose text shared by ingest and analysis (a bottom layer, like ``model``): Markdown
line structure (``markdown_lines``) and sentence boundaries (``sentences``)."""
