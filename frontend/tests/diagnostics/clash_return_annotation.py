# PEP 484 annotations are checked against what is inferred: `size` is
# declared to return an int but returns a str.
#
# origin: 11, 12
# kind: Type
# message: `int`
# message: `str`
# errors: 1


def size(items: list[str]) -> int:
    return str(len(items))


def entry_point(argv: list[str]) -> int:
    print(size(["a"]))
    return 0
