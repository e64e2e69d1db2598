# Calling something that is not a function, method or class.
#
# error: 12:11
# kind: Type
# message: `int`
# message: not callable
# errors: 1


def entry_point(argv: list[str]) -> int:
    count = len(argv)
    print(count(1))
    return 0
