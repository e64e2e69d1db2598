# Calling a method that no class of the hierarchy defines.
#
# error: 20:11
# message: `Stack`
# message: `peek`
# errors: 1


class Stack:
    def __init__(self):
        self.items: list[int] = []

    def push(self, v: int) -> None:
        self.items.append(v)


def entry_point(argv: list[str]) -> int:
    s = Stack()
    s.push(1)
    print(s.peek())
    return 0
