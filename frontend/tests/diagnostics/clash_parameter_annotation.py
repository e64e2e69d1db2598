# PEP 484 annotations are checked against what is inferred: parameter
# `count` is declared `int` and is given a str.
#
# origin: 12, 17
# kind: Type
# message: `count`
# message: `int`
# message: `str`
# errors: 1


def repeat(word: str, count: int) -> str:
    return word * count


def entry_point(argv: list[str]) -> int:
    print(repeat("ab", "3"))
    return 0
