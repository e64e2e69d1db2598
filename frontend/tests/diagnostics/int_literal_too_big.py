# Kiln Python's int is 64-bit signed: a literal that does not fit is an
# error.
#
# error: 10:11
# message: 64 bits
# errors: 1


def entry_point(argv: list[str]) -> int:
    big = 123456789012345678901234567890
    print(big)
    return 0
