# Augmented assignment with every operator, on names, attributes, list items
# and dict items; targets evaluated once.


class Acc:
    def __init__(self):
        self.total = 0
        self.text = ""


calls = 0


def idx(i: int) -> int:
    global calls
    calls += 1
    return i


def entry_point(argv: list[str]) -> int:
    x = 100
    x += 5
    x -= 3
    x *= 2
    x //= 7
    x %= 10
    x **= 3
    x <<= 2
    x >>= 1
    x &= 0xFF
    x |= 0x100
    x ^= 0x0F
    print(x)
    f = 1.5
    f += 1
    f *= 2.0
    f /= 4
    f -= 0.125
    print(f)
    s = "ab"
    s += "cd"
    s *= 2
    print(s)
    xs = [1, 2]
    xs += [3]
    xs *= 2
    print(xs)
    a = Acc()
    a.total += 10
    a.total *= 3
    a.text += "hi"
    print(a.total, a.text)
    nums = [1, 2, 3]
    nums[idx(1)] += 40
    nums[idx(-1)] *= 2
    print(nums, calls)
    d = {"k": 1}
    d["k"] += 5
    d["k"] <<= 1
    print(d)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
