# entry_point returns the exit status, an int: returning a str is an error.
#
# origin: 10, 11
# kind: Type
# message: `int`
# message: `str`
# errors: 1


def entry_point(argv: list[str]) -> int:
    return "done"
