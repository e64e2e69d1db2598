# Instances of a class without __str__/__repr__ cannot be printed.
#
# error: 17:5
# kind: Type
# message: `Token`
# message: `__str__`
# errors: 1


class Token:
    def __init__(self, text: str):
        self.text = text


def entry_point(argv: list[str]) -> int:
    t = Token("if")
    print(t)
    return 0
