# Rule: decorators other than the kiln hints and @staticmethod are not in
# Kiln Python: a user-defined decorator is not.
#
# error: 15:1
# kind: Unsupported
# message: `@traced`
# message: not in Kiln Python
# errors: 1


def traced(f):
    return f


@traced
def double(n: int) -> int:
    return n * 2


def entry_point(argv: list[str]) -> int:
    print(double(10))
    return 0
