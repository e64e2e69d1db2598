# Wrong argument count in a constructor call (checked against __init__).
#
# error: 15:9
# message: `h`
# errors: 1


class Rect:
    def __init__(self, w: int, h: int):
        self.w = w
        self.h = h


def entry_point(argv: list[str]) -> int:
    r = Rect(2)
    print(r.w)
    return 0
