# A class attribute keeps one type across the hierarchy: `KIND` is a str in
# the base class and an int in a subclass, and is read through the base.
#
# kind: Type
# message: `KIND`
# message: `int`
# message: `str`
# origin: 14:5
# origin: 21:5
# errors: 1


class Node:
    KIND = "node"

    def kind(self) -> str:
        return self.KIND


class Leaf(Node):
    KIND = 1


def entry_point(argv: list[str]) -> int:
    nodes: list[Node] = [Node(), Leaf()]
    for n in nodes:
        print(n.kind())
    return 0
