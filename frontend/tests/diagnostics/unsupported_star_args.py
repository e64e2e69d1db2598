# Rule: `*args` parameters are not in Kiln Python.
#
# error: 10:11
# kind: Unsupported
# message: `*args`
# message: not in Kiln Python
# errors: 1


def total(*numbers: int) -> int:
    s = 0
    for n in numbers:
        s += n
    return s


def entry_point(argv: list[str]) -> int:
    print(total(1, 2, 3))
    return 0
