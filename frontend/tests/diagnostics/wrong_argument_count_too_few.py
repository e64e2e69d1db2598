# Too few arguments in a call (the missing one has no default).
#
# error: 14:11
# message: `area`
# message: `h`
# errors: 1


def area(w: int, h: int) -> int:
    return w * h


def entry_point(argv: list[str]) -> int:
    print(area(2))
    return 0
