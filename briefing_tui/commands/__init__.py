"""One module per CLI sub-command, each with ``run(args) -> int``; ``cli.py`` only parses and dispatches."""
