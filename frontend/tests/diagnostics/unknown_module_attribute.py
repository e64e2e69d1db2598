# An unknown function of a known module.
#
# error: 12:11
# kind: Name
# message: `math`
# message: `hypot`
# errors: 1
import math


def entry_point(argv: list[str]) -> int:
    print(math.hypot(3.0, 4.0))
    return 0
