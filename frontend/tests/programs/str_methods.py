# str methods: split (with sep and maxsplit), splitlines, strip/lstrip/rstrip
# (with chars), startswith, endswith, find, rfind, index, count, replace, join,
# is*, lower, upper, ljust, rjust, zfill.


def entry_point(argv: list[str]) -> int:
    text = "  alpha beta\tgamma  \n delta "
    print(text.split())
    print("a,b,,c".split(","), "a,b,,c".split(",", 1), "a b c d".split(" ", 2))
    print("one\ntwo\r\nthree\n".splitlines(), "".split(), "".split(","))
    print("[" + text.strip() + "]", "[" + text.lstrip() + "]", "[" + text.rstrip() + "]")
    print("xxhixx".strip("x"), "xyhiyx".lstrip("xy"), "xyhiyx".rstrip("xy"))
    s = "mississippi"
    print(s.startswith("miss"), s.startswith("ss"), s.endswith("pi"), s.endswith(""))
    print(s.find("ss"), s.find("zz"), s.rfind("ss"), s.index("p"), s.count("s"), s.count("ss"))
    print(s.replace("ss", "SS"), s.replace("i", ""), s.replace("x", "y"))
    print("-".join(["a", "b", "c"]), "".join([]), ", ".join(["solo"]))
    print("123".isdigit(), "12a".isdigit(), "".isdigit(), "abc".isalpha(), "ab1".isalpha())
    print(" \t".isspace(), "".isspace(), "ab12".isalnum(), "ab 12".isalnum())
    print("ABC".isupper(), "AbC".isupper(), "abc".islower(), "a1".islower(), "1".islower())
    print("MiXeD".lower(), "MiXeD".upper())
    print("[" + "ab".ljust(5) + "]", "[" + "ab".rjust(5) + "]", "[" + "abcdef".ljust(3) + "]")
    print("[" + "ab".ljust(5, "*") + "]", "[" + "ab".rjust(5, ".") + "]")
    print("42".zfill(5), "-42".zfill(5), "abc".zfill(2))
    words = "the quick brown fox jumps over the lazy dog".split(" ")
    longest = ""
    for w in words:
        if len(w) > len(longest):
            longest = w
    print(longest, len(words), words.count("the"))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
