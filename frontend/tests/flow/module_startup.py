"""Module docstring: ignored."""
import sys
import kiln.jit
from kiln.jit import promote as prom, elidable
import math as m

LIMIT = 10
TABLE = [LIMIT, LIMIT * 2]
...
print("starting", LIMIT)


class Base:
    """Class docstring."""
    NAME = "base"
    FULL = NAME + "!"
    SIZE: int = 3
    COUNT: int

    def get(self) -> str:
        return self.NAME


class Child(Base, object):
    NAME = "child"


total = 0
for i in range(3):
    total += i
global total


def entry_point(argv: list[str]) -> int:
    return 0


if __name__ == "__main__":
    print("never translated")
    sys.exit(entry_point(sys.argv))
