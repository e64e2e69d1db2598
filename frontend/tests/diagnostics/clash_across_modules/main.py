# A function's signature is the union over every call site, in every
# module: `shapes.area` gets an int here and a str in `report.py`.
#
# error: report.py:6:11
# kind: Type
# message: `side`
# message: `int`
# message: `str`
# origin: 16:11
# errors: 1
import report
import shapes


def entry_point(argv: list[str]) -> int:
    print(shapes.area(3))
    report.print_area()
    return 0
