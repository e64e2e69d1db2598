# The math module: sqrt floor ceil sin cos tan atan2 exp log pow fabs pi e,
# also through `from math import ...`; domain errors.
import math
from math import sqrt, floor


def entry_point(argv: list[str]) -> int:
    print(math.sqrt(2.0), sqrt(16.0), math.sqrt(0.25))
    print(math.floor(2.7), floor(-2.5), math.ceil(2.1), math.ceil(-2.9))
    print(f"{math.sin(1.0):.6f} {math.cos(1.0):.6f} {math.tan(0.5):.6f}")
    print(f"{math.atan2(1.0, 2.0):.6f} {math.exp(1.0):.6f} {math.log(10.0):.6f}")
    print(math.pow(2.0, 10.0), math.fabs(-3.5), f"{math.pi:.10f}", f"{math.e:.10f}")
    try:
        math.sqrt(-1.0)
    except ValueError as e:
        print("ValueError:", e)
    try:
        math.log(0.0)
    except ValueError as e:
        print("ValueError:", e)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
