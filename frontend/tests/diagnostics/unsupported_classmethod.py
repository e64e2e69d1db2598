# Rule: decorators other than the kiln hints and @staticmethod are not in
# Kiln Python: @classmethod is not.
#
# error: 15:5
# kind: Unsupported
# message: `@classmethod`
# message: not in Kiln Python
# errors: 1


class Shape:
    def __init__(self, n: int):
        self.n = n

    @classmethod
    def unit(cls) -> "Shape":
        return cls(1)


def entry_point(argv: list[str]) -> int:
    print(Shape.unit().n)
    return 0
