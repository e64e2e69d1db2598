# A function returns one type: `parse` returns an int on one path and a str
# on another.
#
# error: 15:9
# kind: Type
# message: `parse`
# message: `int`
# message: `str`
# origin: 16:5
# errors: 1


def parse(text: str):
    if text.isdigit():
        return int(text)
    return "not a number: " + text


def entry_point(argv: list[str]) -> int:
    print(parse("12"))
    return 0
