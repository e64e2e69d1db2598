# Rule: a list of mixed item types is not in Kiln Python.
#
# error: 12:15
# kind: Type
# message: `int`
# message: `str`
# origin: 12:12
# errors: 1


def entry_point(argv: list[str]) -> int:
    row = [1, "two", 3]
    print(len(row))
    return 0
