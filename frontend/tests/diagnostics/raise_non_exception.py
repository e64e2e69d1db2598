# Only instances of exception classes can be raised.
#
# error: 16:5
# kind: Type
# message: `raise`
# message: `Problem`
# errors: 1


class Problem:
    def __init__(self, msg: str):
        self.msg = msg


def entry_point(argv: list[str]) -> int:
    raise Problem("bad")
