# Tuples are immutable: item assignment is an error.
#
# error: 12:5
# kind: Type
# message: tuple
# message: item assignment
# errors: 1


def entry_point(argv: list[str]) -> int:
    t = (1, 2)
    t[0] = 5
    print(t)
    return 0
