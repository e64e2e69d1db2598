# Rule: mixing incompatible types in one variable: an int and a float meet
# in `x`, and printing it would differ from CPython (`1` versus `1.0`).
# See /tmp/kiln-frontend-bugs/tests-4.md.
#
# error: 17:13
# kind: Type
# message: `x`
# message: `int`
# message: `float`
# origin: 15:9
# errors: 1


def entry_point(argv: list[str]) -> int:
    x = 1
    if len(argv) > 5:
        x = 2.5
    print(x)
    return 0
