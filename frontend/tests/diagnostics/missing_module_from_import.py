# `from m import name` of a module that is not in the program's directory.
#
# error: 7:6
# kind: Name
# message: parsing
# errors: 1
from parsing import tokenize


def entry_point(argv: list[str]) -> int:
    print(len(tokenize("a b")))
    return 0
