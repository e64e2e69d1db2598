# Narrowing: `is None` / `is not None` on a nullable instance and str, and
# isinstance on a class hierarchy.


class Node:
    def __init__(self, value: int, next: "Node | None"):
        self.value = value
        self.next = next


class Special(Node):
    def bonus(self) -> int:
        return 100


def total(head: Node | None) -> int:
    s = 0
    while head is not None:
        s += head.value
        if isinstance(head, Special):
            s += head.bonus()
        head = head.next
    return s


def greet(name: str | None) -> str:
    if name is None:
        return "anonymous"
    return name


def entry_point(argv: list[str]) -> int:
    print(total(Node(1, Special(2, None))), greet(None), greet("bo"))
    return 0
