# A Python syntax error is reported like every other error.
#
# error: 10:21
# kind: Syntax
# message: `:`
# errors: 1


def entry_point(argv: list[str]) -> int:
    if len(argv) > 1
        print("args")
    return 0
