# f-strings with expressions and format specs: d, f, e, g, x, s, %, fill,
# alignment, sign, zero padding, width, precision; half-even rounding.


class Point:
    def __init__(self, x: int, y: int):
        self.x = x
        self.y = y

    def __str__(self) -> str:
        return f"({self.x}, {self.y})"


def entry_point(argv: list[str]) -> int:
    n = 42
    f = 3.14159
    s = "kiln"
    p = Point(1, -2)
    print(f"{n} {f} {s} {p} {n + 1} {len(s) * 2}")
    print(f"[{n:d}] [{n:5d}] [{n:<5d}] [{n:^6d}] [{n:05d}] [{-n:05d}] [{n:+d}]")
    print(f"[{f:.2f}] [{f:8.3f}] [{f:<8.1f}] [{f:+.0f}] [{-f:.4f}] [{f:e}] [{f:.2e}]")
    print(f"[{f:g}] [{1e20:g}] [{0.0001:g}] [{n:x}] [{255:x}] [{0.25:%}] [{0.5:.1%}]")
    print(f"[{s:>8}] [{s:<8}] [{s:^9}] [{s:*>8}] [{s:-^10}] [{s:s}]")
    print(f"{2.675:.2f} {0.125:.2f} {0.375:.2f} {1.5:.0f} {2.5:.0f}")
    print(f"{{literal}} {n}%")
    print(f"{'nested'} {str(p)} {n if n > 0 else -n}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
