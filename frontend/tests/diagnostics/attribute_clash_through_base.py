# An attribute read through the base class belongs to the base class and
# keeps one type: `value` is an int in one subclass and a str in another.
#
# error: 25:9
# kind: Type
# message: `value`
# message: `int`
# message: `str`
# origin: 20:9
# errors: 1


class Box:
    def show(self) -> str:
        return str(self.value)


class IntBox(Box):
    def __init__(self):
        self.value = 1


class StrBox(Box):
    def __init__(self):
        self.value = "one"


def entry_point(argv: list[str]) -> int:
    boxes: list[Box] = [IntBox(), StrBox()]
    for b in boxes:
        print(b.show())
    return 0
