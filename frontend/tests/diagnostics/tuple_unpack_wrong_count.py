# Unpacking a tuple into the wrong number of targets (tuple lengths are
# known at translation time).
#
# error: 16:5
# kind: Type
# message: 2 items
# message: 3 targets
# errors: 1


def pair() -> tuple[int, str]:
    return 1, "one"


def entry_point(argv: list[str]) -> int:
    a, b, c = pair()
    print(a, b, c)
    return 0
