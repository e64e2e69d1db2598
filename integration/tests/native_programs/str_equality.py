"""str == and != (inline in native code), s[i] and ord(s[i]): empty and
one-character strings, every width (Latin-1, two-byte, four-byte code
points), equal text in different objects, lengths around one word of code
points, constants on either side, and None."""


def maybe(flag: bool, s: str) -> "str | None":
    if flag:
        return s
    return None


def show(label: str, a: "str | None", b: "str | None") -> None:
    print(label, a == b, a != b, b == a, b != a)


def built(parts: list[str]) -> str:
    # Equal text in a fresh object (not the constant itself).
    return "".join(parts)


def words() -> list[str]:
    return [
        "", "a", "b", "+", "-", "\u00e9", "\u00ff", "\u0100", "\u20ac", "\U0001F600",
        "ab", "abcdefg", "abcdefgh", "abcdefgx", "abcdefghi", "xbcdefgh",
        "\u20ac\u20ac\u20ac\u20ac", "\u20ac\u20ac\u20acx", "\u20ac\u20ac\u20ac\u20ac\u20ac",
        "a\U0001F600", "\U0001F600\U0001F601", "\U0001F600\U0001F600\U0001F600",
        "caf\u00e9", "cafe", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyZ",
    ]


def cross() -> None:
    ws = words()
    copies = []
    for w in ws:
        copies.append(built([w[:1], w[1:]]))
    n_eq = 0
    n_ne = 0
    line = ""
    for i in range(len(ws)):
        for j in range(len(ws)):
            if ws[i] == copies[j]:
                n_eq += 1
                line += str(i) + "=" + str(j) + " "
            if copies[i] != ws[j]:
                n_ne += 1
    print("cross", n_eq, n_ne)
    print(line)


def constants(s: str) -> str:
    # A dispatch on constants, as an interpreter's loop does.
    if s == "":
        return "empty"
    elif s == "+":
        return "plus"
    elif s == "\u00e9":
        return "e-acute"
    elif s == "\u20ac":
        return "euro"
    elif s == "\U0001F600":
        return "grin"
    elif s == "abcdefgh":
        return "eight"
    elif s == "abcdefghi":
        return "nine"
    elif s == "\u20ac\u20ac\u20ac\u20ac":
        return "four euros"
    elif s == "a\U0001F600":
        return "a-grin"
    elif "longer than one word of code points" == s:
        return "long"
    elif s != "zz":
        return "other"
    return "zz"


def dispatch() -> None:
    for w in words():
        print(repr(w), constants(w), constants(built([w, ""])))
    print(constants("zz"), constants(built(["z", "z"])))
    print(constants(built(["longer than one word", " of code points"])))


def indexing() -> None:
    program = "+-<>[].,\u00e9\u20ac\U0001F600\u00ff"
    counts = [0] * 8
    for pc in range(len(program)):
        code = program[pc]
        if code == "+":
            counts[0] += 1
        elif code == "-":
            counts[1] += 1
        elif code == "\u00e9":
            counts[2] += 1
        elif code == "\u20ac":
            counts[3] += 1
        elif code == "\U0001F600":
            counts[4] += 1
        elif code == "\u00ff":
            counts[5] += 1
        elif code != ".":
            counts[6] += 1
        else:
            counts[7] += 1
        print(pc, repr(code), ord(code), ord(program[pc]), program[pc] == code, program[-1 - pc])
    print(counts)
    for s in ["a\u00e9", "\u20ac\u00e9", "\U0001F600\u00e9"]:
        # the same one-character text from strings of each width
        print(s[1] == "\u00e9", s[-1] == s[1], s[1] == "\u00e9"[0], ord(s[1]))
    for s in ["x\u20acyz\u0100\u00e9AB", "\U0001F600a\u00ffb\u20ac", "plain"]:
        # every index of strings of each width, from both ends
        line = ""
        total = 0
        for i in range(len(s)):
            c = s[i]
            line += c + s[-1 - i] + str(ord(c)) + ","
            total += ord(s[i]) - ord(s[-1 - i])
            if c == s[i] and c != "":
                total += 1
        print(repr(line), total)
    try:
        print("abc"[3])
    except IndexError as e:
        print("IndexError", e)
    try:
        print(ord("abc"[-4]))
    except IndexError as e:
        print("IndexError", e)


def nones() -> None:
    for flag_a in [True, False]:
        for flag_b in [True, False]:
            a = maybe(flag_a, "x")
            b = maybe(flag_b, built(["x"]))
            show("none " + str(flag_a) + " " + str(flag_b), a, b)
    c = maybe(False, "")
    show("none-empty", c, "")
    show("none-none", c, maybe(False, "y"))
    d = maybe(True, "")
    show("empty-empty", d, built([]))
    try:
        s = maybe(False, "q")
        print(s[0])
    except TypeError as e:
        print("TypeError", e)
    try:
        s = maybe(False, "q")
        print(s < "a")
    except TypeError as e:
        print("TypeError", e)


def keys() -> None:
    d = {}
    for w in words():
        d[w] = len(w)
    total = 0
    for w in words():
        total += d[built([w, ""])]
    print("keys", len(d), total, "\u20ac" in d, built(["\u20ac", "\u20ac", "\u20ac", "\u20ac"]) in d)


def order() -> None:
    ws = words()
    lt = 0
    for a in ws:
        for b in ws:
            if a < b:
                lt += 1
    print("order", lt, "a" < "b", "\u00e9" > "e", "" <= "", "ab" >= "abc")


def classify(c: str) -> str:
    # A lexer's tests: one-character strs against constants.
    if "a" <= c and c <= "z":
        return "lower"
    if c >= "A" and c <= "Z":
        return "upper"
    if "0" <= c <= "9":
        return "digit"
    if c > "\u007f":
        return "non-ascii"
    if c < " ":
        return "control"
    return "other"


def order_chars() -> None:
    chars = ["", "a", "b", "z", "A", "0", " ", "\t", "\u00e9", "\u00ff", "\u0100", "\u20ac", "\U0001F600", "ab", "\x00"]
    line = ""
    for a in chars:
        line += classify(a) + " "
        for b in chars:
            bits = 0
            if a < b:
                bits += 1
            if a <= b:
                bits += 2
            if a > b:
                bits += 4
            if a >= b:
                bits += 8
            if a < "m":
                bits += 16
            if "m" >= a:
                bits += 32
            if a > "\u00e9":
                bits += 64
            line += str(bits) + ","
        line += "\n"
    print(line)
    for text in ["hello", "Wörld 42!", "\u20ac\u00ff\x01"]:
        kinds = ""
        for i in range(len(text)):
            kinds += classify(text[i])[0]
        print(text, kinds)
    n = maybe(False, "a")
    for op in ["<", "<=", ">", ">="]:
        try:
            if op == "<":
                print(n < "a")
            elif op == "<=":
                print("a" <= n)
            elif op == ">":
                print(n > maybe(True, "b"))
            else:
                print(n >= n)
        except TypeError as e:
            print("TypeError", e)


def main() -> None:
    cross()
    dispatch()
    indexing()
    nones()
    keys()
    order()
    order_chars()
    same = "same"
    print(same == same, same != same, "" == "", "a" == "a", "a" != "b")


def entry_point(argv: list[str]) -> int:
    main()
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
