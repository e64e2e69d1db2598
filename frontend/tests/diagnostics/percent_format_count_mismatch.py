# A `%` format with more conversions than operands.
#
# error: 10:11
# message: 2
# message: 1 value
# errors: 1


def entry_point(argv: list[str]) -> int:
    print("%s has %d items" % ("list",))
    return 0
