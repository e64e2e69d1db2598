# Rule: `eval` is not in Kiln Python (the built-in; a program may define its own).
#
# error: 11:11
# kind: Unsupported
# message: `eval`
# message: not in Kiln Python
# errors: 1


def entry_point(argv: list[str]) -> int:
    print(eval("1 + 2"))
    return 0
