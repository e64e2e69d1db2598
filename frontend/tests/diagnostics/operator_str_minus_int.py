# An operator on types it does not apply to: str - int.
#
# error: 13:11
# kind: Type
# message: -
# message: `str`
# message: `int`
# errors: 1


def entry_point(argv: list[str]) -> int:
    name = "kiln"
    print(name - 1)
    return 0
