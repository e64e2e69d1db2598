# Rule: a list holds items of one type: `names` holds str items, then an
# int is appended elsewhere.
#
# error: 13:5
# kind: Type
# message: `str`
# message: `int`
# origin: 17
# errors: 1


def add_default(names: list[str]) -> None:
    names.append(0)


def entry_point(argv: list[str]) -> int:
    names = ["ann", "bob"]
    add_default(names)
    print(len(names))
    return 0
