# str: len, index (negative too), slices with any step, + and *, comparisons,
# `in`, iteration, ord and chr, non-ASCII text.


def entry_point(argv: list[str]) -> int:
    s = "Hello, wörld"
    print(len(s), s[0], s[-1], s[7], s[-5])
    print(s[0:5], s[7:], s[:-3], s[::2], s[::-1], s[1:10:3], s[10:2:-2], s[100:], s[-100:3])
    print(s + "!", "ab" * 3, 3 * "-", "x" * 0 + "|")
    print("abc" == "abc", "abc" < "abd", "b" > "abc", "Z" < "a", "" < "a", "abc" != "ABC")
    print("wö" in s, "xyz" in s, "" in s, "H" not in s)
    codes = []
    for ch in "aZ0é€":
        codes.append(ord(ch))
    print(codes)
    out = ""
    for c in codes:
        out += chr(c)
    print(out, chr(65) + chr(0x263A))
    rev = ""
    i = len(s) - 1
    while i >= 0:
        rev += s[i]
        i -= 1
    print(rev)
    print(str(42), str(-1.5), str(True), str("x"), list("abc"))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
