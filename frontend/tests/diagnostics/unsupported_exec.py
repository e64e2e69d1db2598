# Rule: `exec` is not in Kiln Python.
#
# error: 11:5
# kind: Unsupported
# message: `exec`
# message: not in Kiln Python
# errors: 1


def entry_point(argv: list[str]) -> int:
    exec("print(1)")
    return 0
