# A method of a built-in type given a wrong argument type: str.join of a
# list of ints.
#
# error: 13:11
# kind: Type
# message: `join`
# message: `int`
# errors: 1


def entry_point(argv: list[str]) -> int:
    parts = [1, 2, 3]
    print(",".join(parts))
    return 0
