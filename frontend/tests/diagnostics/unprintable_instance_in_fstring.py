# An f-string converts its values with str(): an instance without
# __str__/__repr__ cannot be formatted.
#
# error: 18:19
# kind: Type
# message: `Token`
# message: `__str__`
# errors: 1


class Token:
    def __init__(self, text: str):
        self.text = text


def entry_point(argv: list[str]) -> int:
    t = Token("if")
    print(f"token {t}")
    return 0
