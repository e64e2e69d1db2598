# The only hint Kiln implements is hint(x, promote=True): `access_directly`
# would be silently ignored.
#
# error: 12:9
# kind: Hint
# message: `hint` does not know the keyword `access_directly=`
# errors: 1
from kiln.jit import hint


def entry_point(argv: list[str]) -> int:
    n = hint(len(argv), access_directly=True)
    print(n)
    return 0
