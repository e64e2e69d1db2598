# Helper module of clash_across_modules.


def area(side):
    return side * side
