# Rule: a dict's keys have one type: an int key and a str key.
#
# error: 15:5
# kind: Type
# message: `int`
# message: `str`
# message: key
# origin: 14:5
# errors: 1


def entry_point(argv: list[str]) -> int:
    d = {}
    d[1] = "one"
    d["two"] = "two"
    print(len(d))
    return 0
