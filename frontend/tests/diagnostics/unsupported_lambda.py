# Rule: `lambda` is not in Kiln Python.
#
# error: 11:11
# kind: Unsupported
# message: lambda
# message: not in Kiln Python
# errors: 1


def entry_point(argv: list[str]) -> int:
    key = lambda s: len(s)
    print(key("abc"))
    return 0
