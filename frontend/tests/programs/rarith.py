# kiln.rarith: ovfcheck (add, sub, mul) raising OverflowError, intmask
# wrapping, r_uint unsigned wrapping arithmetic.
from kiln.rarith import ovfcheck, intmask, r_uint

MAXINT = 9223372036854775807


def safe_add(a: int, b: int) -> int:
    try:
        return ovfcheck(a + b)
    except OverflowError:
        return -1


def safe_mul(a: int, b: int) -> int:
    try:
        return ovfcheck(a * b)
    except OverflowError:
        return -2


def fnv(s: str) -> int:
    h = r_uint(1469598103934665603)
    for ch in s:
        h = h ^ r_uint(ord(ch))
        h = h * r_uint(1099511628211)
    return intmask(h)


def entry_point(argv: list[str]) -> int:
    print(safe_add(1, 2), safe_add(MAXINT, 1), safe_add(-MAXINT, -2))
    print(safe_mul(3, 4), safe_mul(MAXINT // 2, 3), safe_mul(-(2**32), 2**31))
    try:
        print(ovfcheck(-MAXINT - 1 - 1))
    except OverflowError:
        print("sub overflow")
    print(intmask(MAXINT + 1), intmask(2**64 + 5), intmask(-1))
    u = r_uint(0)
    u = u - r_uint(1)
    print(u, u + r_uint(2), r_uint(3) * r_uint(5), u >> 60)
    print(fnv("kiln"), fnv(""))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
