# A `%` format must be a constant string.
#
# error: 11:11
# message: `%`
# message: literal
# errors: 1


def entry_point(argv: list[str]) -> int:
    fmt = argv[0] + " %d"
    print(fmt % 3)
    return 0
