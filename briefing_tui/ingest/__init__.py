"""Reading articles from files: decode, normalise newlines, read title and metadata. One module per input kind."""
