# A Python syntax error: an unclosed bracket at the end of the file.
#
# error: 10
# kind: Syntax
# message: `)`
# errors: 1


def entry_point(argv: list[str]) -> int:
    print((1 + 2)
    return 0
