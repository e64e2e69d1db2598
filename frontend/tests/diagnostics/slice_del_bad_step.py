# Slice bounds are ints, in `del` of a slice as in reading a slice.
#
# error: 12
# kind: Type
# message: slice indices must be integers
# message: `str`
# errors: 1


def entry_point(argv: list[str]) -> int:
    xs = [1, 2, 3]
    del xs[::"zz"]
    print(xs)
    return 0
