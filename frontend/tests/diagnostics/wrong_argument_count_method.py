# Wrong argument count in a method call (`self` is not counted by the
# caller).
#
# error: 21:11
# message: `scale`
# message: `k`
# errors: 1


class Rect:
    def __init__(self, w: int, h: int):
        self.w = w
        self.h = h

    def scale(self, k: int) -> int:
        return self.w * self.h * k


def entry_point(argv: list[str]) -> int:
    r = Rect(2, 3)
    print(r.scale())
    return 0
