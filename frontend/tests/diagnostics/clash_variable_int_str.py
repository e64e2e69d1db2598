# Rule: mixing incompatible types in one variable is not in Kiln Python:
# `value` is an int on one path and a str on the other, and they meet.
#
# error: 16:17
# kind: Type
# message: `value`
# message: `int`
# message: `str`
# origin: 14:13
# errors: 1


def entry_point(argv: list[str]) -> int:
    value = 0
    if len(argv) > 1:
        value = argv[1]
    print(value)
    return 0
