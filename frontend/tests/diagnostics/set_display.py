# Sets are not in the subset.
#
# error: 10:12
# kind: Unsupported
# message: set
# errors: 1


def entry_point(argv: list[str]) -> int:
    seen = {1, 2, 3}
    print(len(seen))
    return 0
