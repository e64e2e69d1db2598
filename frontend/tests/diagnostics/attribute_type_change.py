# Rule: attribute creation that changes an attribute's type is not in Kiln
# Python: `count` is an int in __init__ and a str in `reset`.
#
# error: 18:9
# kind: Type
# message: `Counter.count`
# message: `int`
# message: `str`
# origin: 15:9
# errors: 1


class Counter:
    def __init__(self):
        self.count = 0

    def reset(self) -> None:
        self.count = "zero"


def entry_point(argv: list[str]) -> int:
    c = Counter()
    c.reset()
    print(c.count)
    return 0
