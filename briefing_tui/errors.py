"""The one exception type the CLI and the UI turn into a one-line message (never a traceback)."""


class BriefingError(Exception):
    """A problem the user can act on. ``str(err)`` is the whole message: name the file and the problem."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
