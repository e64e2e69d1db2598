# A built-in function given a type it does not accept: len() of an int.
#
# error: 12:11
# kind: Type
# message: `int`
# message: len()
# errors: 1


def entry_point(argv: list[str]) -> int:
    n = 42
    print(len(n))
    return 0
