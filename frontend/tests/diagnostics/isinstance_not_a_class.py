# isinstance's second argument is a class (or a tuple of classes).
#
# error: 13:11
# kind: Type
# message: class
# message: `str`
# errors: 1


def entry_point(argv: list[str]) -> int:
    x = 3
    kind = "int"
    print(isinstance(x, kind))
    return 0
