# Rule: a dict holds values of one type: `ages` maps str to int, then a str
# value is stored.
#
# error: 14:5
# kind: Type
# message: `int`
# message: `str`
# origin: 13
# errors: 1


def entry_point(argv: list[str]) -> int:
    ages = {"ann": 31}
    ages["bob"] = "unknown"
    print(len(ages))
    return 0
