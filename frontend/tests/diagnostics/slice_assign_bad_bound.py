# Slice bounds are ints, in slice assignment as in reading a slice.
#
# error: 12:5
# kind: Type
# message: slice indices must be integers
# message: `str`
# errors: 1


def entry_point(argv: list[str]) -> int:
    xs = [1, 2, 3]
    xs[1:"a"] = [7]
    print(xs)
    return 0
