# int bit operations: << >> & | ^ ~, shifts by 64 or more, hex().


def entry_point(argv: list[str]) -> int:
    x = 0b1011_0110
    y = 0x0F
    print(x & y, x | y, x ^ y, ~x, ~0, ~-1)
    print(1 << 10, 1 << 62, 255 >> 4, -256 >> 4, -1 >> 10)
    print(12345 >> 64, -12345 >> 64, 5 >> 100, -5 >> 100)
    print(hex(255), hex(0), hex(-255), hex(9223372036854775807))
    n = 0
    v = 0xDEADBEEF
    while v != 0:
        n += v & 1
        v >>= 1
    print("popcount", n)
    mask = (1 << 16) - 1
    print(mask, 0x12345678 & mask, (0x12345678 >> 16) & mask)
    print(6 & 3 | 8 ^ 1, 2 + 3 << 1, 1 << 2 + 1)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
