"""The one error class of Tiny: syntax errors and run-time errors."""


class TinyError(Exception):
    """An error in the guest program: its kind (`syntax error`, `error`),
    the message and the source line (0 until it is known)."""

    def __init__(self, kind: str, message: str, line: int):
        Exception.__init__(self, message)
        self.kind = kind
        self.message = message
        self.line = line
        # The calls the error passed through, innermost first.
        self.trace: list[str] = []
