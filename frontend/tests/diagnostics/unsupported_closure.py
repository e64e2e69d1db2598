# Rule: nested functions and closures are not in Kiln Python.
#
# error: 11:9
# kind: Unsupported
# message: nested functions and closures
# message: not in Kiln Python
# errors: 1


def make_adder(n: int):
    def add(x: int) -> int:
        return x + n

    return add


def entry_point(argv: list[str]) -> int:
    print(make_adder(2)(3))
    return 0
