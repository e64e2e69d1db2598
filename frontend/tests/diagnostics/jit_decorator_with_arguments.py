# The JIT hint decorators take no arguments: `@elidable()` is a call.
#
# error: 10:1
# kind: Hint
# message: `@elidable` takes no arguments
# errors: 1
from kiln.jit import elidable


@elidable()
def square(x: int) -> int:
    return x * x


def entry_point(argv: list[str]) -> int:
    print(square(len(argv)))
    return 0
