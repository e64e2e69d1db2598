import helper_module
from helper_module import twice as double


def entry_point(argv: list[str]) -> int:
    return helper_module.twice(double(1))
