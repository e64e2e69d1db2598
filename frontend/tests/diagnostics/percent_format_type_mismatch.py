# A `%` format whose conversion does not fit its operand: %d of a str.
#
# error: 11:11
# message: %d
# message: `str`
# errors: 1


def entry_point(argv: list[str]) -> int:
    name = "kiln"
    print("%d items" % name)
    return 0
