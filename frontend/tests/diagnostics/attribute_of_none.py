# Reading an attribute of a value that is always None: the message names
# the attribute, not the frontend's internal operation.
#
# error: 12:11
# kind: Type
# message: `foo`
# errors: 1


def entry_point(argv: list[str]) -> int:
    x = None
    print(x.foo)
    return 0
