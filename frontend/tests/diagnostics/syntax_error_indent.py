# A syntax error: inconsistent indentation.
#
# error: 11:1
# kind: Syntax
# message: indentation
# errors: 1


def entry_point(argv: list[str]) -> int:
    x = 1
      y = 2
    return x + y
