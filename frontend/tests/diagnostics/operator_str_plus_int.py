# str + int is a TypeError in Python and a translation error in Kiln Python.
#
# error: 12:12
# kind: Type
# message: +
# message: `str`
# message: `int`
# errors: 1


def label(n: int) -> str:
    return "item " + n


def entry_point(argv: list[str]) -> int:
    print(label(3))
    return 0
