# Helper module imported by geometry.py and main.py.
print("mathutil loaded")

SCALE = 3


def square(x: int) -> int:
    return x * x


def scaled(x: int) -> int:
    return x * SCALE
