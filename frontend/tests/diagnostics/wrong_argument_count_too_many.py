# Too many arguments in a call.
#
# error: 15:11
# message: `area`
# message: 2 arguments
# message: 3
# errors: 1


def area(w: int, h: int) -> int:
    return w * h


def entry_point(argv: list[str]) -> int:
    print(area(2, 3, 4))
    return 0
