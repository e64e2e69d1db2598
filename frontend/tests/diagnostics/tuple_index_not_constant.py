# A tuple is indexed by a constant: a variable index is not in the subset.
#
# error: 12:11
# message: tuple
# message: constant
# errors: 1


def entry_point(argv: list[str]) -> int:
    t = (1, "two", 3.0)
    i = len(argv)
    print(t[i])
    return 0
