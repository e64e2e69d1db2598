# A function has one signature, the union over its call sites: `show` gets
# an int at one call and a str at another.
#
# error: 19:5
# kind: Type
# message: `value`
# message: `int`
# message: `str`
# origin: 18:5
# errors: 1


def show(value) -> None:
    print("value:", value)


def entry_point(argv: list[str]) -> int:
    show(42)
    show("forty-two")
    return 0
