# list + str is not an operation of the subset.
#
# error: 13:10
# kind: Type
# message: +
# message: `list[str]`
# message: `str`
# errors: 1


def entry_point(argv: list[str]) -> int:
    xs = ["a"]
    ys = xs + "b"
    print(len(ys))
    return 0
