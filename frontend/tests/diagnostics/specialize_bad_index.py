# @specialize.argtype(i) names a parameter by position: this function has
# only one parameter, so index 3 is out of range.
#
# error: 11
# kind: Hint
# message: argtype
# errors: 1
from kiln import specialize


@specialize.argtype(3)
def show(x) -> str:
    return str(x)


def entry_point(argv: list[str]) -> int:
    print(show(1), show("a"))
    return 0
