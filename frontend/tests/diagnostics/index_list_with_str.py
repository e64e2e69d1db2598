# Indexing a list with a str.
#
# error: 13:11
# kind: Type
# message: `list[int]`
# message: `str`
# errors: 1


def entry_point(argv: list[str]) -> int:
    xs = [1, 2, 3]
    key = "1"
    print(xs[key])
    return 0
