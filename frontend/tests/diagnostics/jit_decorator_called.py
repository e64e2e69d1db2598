# The JIT hint decorators are only decorators: calling one is not a hint.
#
# error: 15:9
# kind: Hint
# message: `dont_look_inside` can only be used as a decorator
# errors: 1
from kiln.jit import dont_look_inside


def square(x: int) -> int:
    return x * x


def entry_point(argv: list[str]) -> int:
    f = dont_look_inside(square)
    print(f(len(argv)))
    return 0
