# Rule: a dict of mixed value types is not in Kiln Python.
#
# error: 12:35
# kind: Type
# message: `int`
# message: `str`
# origin: 12:24
# errors: 1


def entry_point(argv: list[str]) -> int:
    config = {"depth": 3, "name": "tree"}
    print(len(config))
    return 0
