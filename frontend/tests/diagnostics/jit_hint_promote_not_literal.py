# hint(x, promote=...) is decided at translation time: the flag must be
# the literal True or False, not a value computed at run time.
#
# error: 12:9
# kind: Hint
# message: needs the literal `True` or `False`
# errors: 1
from kiln.jit import hint


def entry_point(argv: list[str]) -> int:
    n = hint(len(argv), promote=len(argv) > 1)
    print(n)
    return 0
