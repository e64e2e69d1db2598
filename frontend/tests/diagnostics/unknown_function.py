# An unknown function name in a call.
#
# error: 14:24
# kind: Name
# message: `compte`
# errors: 1


def compute(n: int) -> int:
    return n * 2


def entry_point(argv: list[str]) -> int:
    print(compute(2) + compte(3))
    return 0
