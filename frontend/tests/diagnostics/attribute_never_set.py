# Reading an attribute that no instance ever sets: `label` is read in
# `describe` but only declared in a comment.
#
# error: 15:35
# message: `label`
# message: `Item`
# errors: 1


class Item:
    def __init__(self, name: str):
        self.name = name

    def describe(self) -> str:
        return self.name + ": " + self.label


def entry_point(argv: list[str]) -> int:
    print(Item("pen").describe())
    return 0
