# `d.get(k)` without a default may return None, which cannot be mixed with
# an int value.
#
# error: 14:11
# kind: Type
# message: `get`
# message: None
# message: `int`
# errors: 1


def entry_point(argv: list[str]) -> int:
    ages = {"ann": 31}
    age = ages.get("bob")
    print(age)
    return 0
