# None mixed with instances, str, list and dict (nullable references);
# `is None` / `is not None` narrowing, in conditions, early returns, while
# loops over linked lists and `and` chains; None defaults.


class Node:
    def __init__(self, value: int, next: "Node | None"):
        self.value = value
        self.next = next


def total(head: Node | None) -> int:
    s = 0
    node = head
    while node is not None:
        s += node.value
        node = node.next
    return s


def find(head: Node | None, v: int) -> Node | None:
    while head is not None:
        if head.value == v:
            return head
        head = head.next
    return None


def label(name: str | None) -> str:
    if name is None:
        return "anonymous"
    return name.upper()


def size(xs: list[int] | None, d: dict[str, int] | None = None) -> int:
    n = 0
    if xs is not None:
        n += len(xs)
    if d is not None and "k" in d:
        n += d["k"]
    return n


def entry_point(argv: list[str]) -> int:
    head = Node(1, Node(2, Node(3, None)))
    print(total(head), total(None))
    hit = find(head, 2)
    if hit is not None:
        print("found", hit.value, hit.next is None)
    miss = find(head, 9)
    print(miss is None, miss is not None)
    print(label(None), label("bob"))
    print(size(None), size([1, 2]), size([1], {"k": 10}), size(None, {"j": 1}))
    name: str | None = None
    for w in ["x", "yy"]:
        if name is None or len(w) > len(name):
            name = w
    print(name)
    s: str | None = None
    print(s, [s, "a"])
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
