# Helper module of clash_across_modules: calls shapes.area with a str.
import shapes


def print_area() -> None:
    print(shapes.area("3"))
