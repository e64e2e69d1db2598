# Strings: methods, slicing, %-formatting, f-strings with format specs,
# str.format, repr of strings and floats, and conversions.

s = "Hello, World"
print(s.lower(), s.upper(), s.title(), s.capitalize(), len(s))
print(s[0], s[-1], s[7:], s[:5], s[::2], s[::-1], s[-5:-1], s[100:], s[3:1])
print(s.find("o"), s.rfind("o"), s.find("xyz"), s.index("W"), s.count("l"), "lo" in s, "z" not in s)
print(s.replace("l", "L"), s.replace("l", "", 2), s.startswith("Hell"), s.endswith(("x", "ld")))
print(s.split(", "), "a b  c ".split(), "a,b,,c".split(","), "x y z".split(" ", 1), "a b c".rsplit(" ", 1))
print("  pad  ".strip(), "[" + "  pad  ".lstrip() + "]", "[" + "  pad  ".rstrip() + "]", "xxhixx".strip("x"))
print("-".join(["a", "b", "c"]), "".join(reversed("abc")), ", ".join(str(i) for i in range(4)))
print("abc".isalpha(), "123".isdigit(), "a1".isalnum(), "   ".isspace(), "ABC".isupper(), "abc".islower())
print("7".zfill(3), "-7".zfill(4), "ab".ljust(5, "."), "ab".rjust(5), "ab".center(7, "*"), "abc".center(6))
print("key=value=x".partition("="), "key=value=x".rpartition("="), "a\nb\nc".splitlines())
print(ord("A"), chr(97), chr(0x263A), ord("é"), str(123) + str(4.5) + str(True) + str(None))
print(repr("quote'd"), repr('dq"'), repr("both'\""), repr("tab\tnl\n"), repr("é☺"), repr("\x00\x7f"))
print(int("42"), int("-17"), int("  8 "), int("ff", 16), int("0x1f", 16), int("101", 2), float("2.5e3"), float("-inf"))
print(str(1e16), str(1.5e-7), str(0.1 + 0.2), str(1 / 3), repr(2.0), str(-0.0), 1e300 * 1e10, 10 / 4, 7 // 2, -7 // 2, -7 % 3)

# %-formatting
print("%d|%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42, 42))
print("%s|%10s|%-10s|%.3s|%r" % ("str", "right", "left", "truncate", "repr"))
print("%f|%.2f|%10.3f|%-10.1f|%e|%.3e|%g|%.3g|%G" % (3.14159, 3.14159, 3.14159, 3.14159, 31415.9, 0.000314159, 1e-5, 1234567.0, 1e20))
print("%x|%X|%#x|%o|%c|%c|%%|%5.1f%%" % (255, 255, 255, 8, 65, "z", 99.5))
print("%(name)s is %(age)d" % {"name": "Ann", "age": 7}, "%s" % [1, 2], "%s and %s" % ((1, 2), None))

# f-strings and format specs
x = 3.14159
n = 1234567
name = "kiln"
print(f"{x}|{x:.2f}|{x:10.3f}|{x:<10.1f}|{x:^10.2f}|{x:e}|{x:.0f}|{n:,}|{n:_}|{n:>12,}")
print(f"{name!r}|{name:>8}|{name:*<8}|{name:^9}|{n:x}|{n:#X}|{n:b}|{255:#o}|{-5:+d}|{5: d}")
print(f"{0.5:%}|{0.25:.1%}|{1e20:g}|{1.5e-10:g}|{123456789.0:g}|{2.0:.3}|{1e21}|{True}|{None}")
print(f"{'nested ' + name.upper()}|{[i * i for i in range(4)]}|{ {'a': 1}['a'] }|{x * 2:.{3}f}|{n=}")
w = 12
print(f"{name:>{w}}|{x:{w}.{2}f}|{'{'}literal braces{'}'}|{{doubled}}")
print("{} {} {}".format(1, "two", 3.0), "{0}{1}{0}".format("a", "b"), "{x}-{y}".format(x=1, y=2))
print("{:>6}|{:<6}|{:^6}|{:06.2f}|{!r}".format("r", "l", "c", 3.14159, "q"), "{0[1]} {1[k]}".format([5, 6], {"k": 7}))
print(format(1234.5678, ",.2f"), format(42, "08b"), format("text", "^10"), format(7), format(0.1, ".20f"))
print(round(2.675, 2), round(0.5), round(1.5), round(2.5), round(-0.5), round(3.14159, 3), round(7), round(1234.5, -2))
print(str(2 ** 62), 2 ** 10, 2 ** -1, 10 ** 18, -2 ** 4, (-2) ** 3, 9 ** 0.5, abs(-3), abs(-2.5), divmod(17, 5), divmod(-17, 5))
print(hex(255), oct(8), bin(10), hex(-255), 0xFF, 0o17, 0b101, 1_000_000, 7 & 3, 7 | 8, 7 ^ 2, ~5, 1 << 10, 1024 >> 3)
print(min(3, 1, 2), max("abc", "abd"), min([4, 2, 8]), max([1.5, 2.5]), sum([1, 2, 3]), sum([0.1] * 10), min("hello"))
words = "the quick brown fox jumps over the lazy dog".split()
print(sorted(words), sorted(words, key=len), sorted(words, key=len, reverse=True)[:3])
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
table = [("apple", 3, 0.5), ("banana", 12, 0.25), ("cherry", 100, 2.0)]
for fruit, qty, price in table:
    print(f"{fruit:<10}{qty:>5}{price:>8.2f}{qty * price:>10.2f}")
print("=" * 33)
print("multi\
line", """triple
quoted""", 'single', "adjacent" " " "strings", r"raw\n", "unicode: \u00e9")
