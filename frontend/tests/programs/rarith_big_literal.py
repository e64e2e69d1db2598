# r_uint of an integer constant above 2**63 (an FNV-1a offset basis), as
# RPython accepts it (see /tmp/kiln-frontend-bugs/tests-3.md).
from kiln.rarith import intmask, r_uint

FNV_OFFSET = r_uint(14695981039346656037)


def fnv1a(s: str) -> int:
    h = FNV_OFFSET
    for ch in s:
        h = h ^ r_uint(ord(ch))
        h = h * r_uint(1099511628211)
    return intmask(h)


def entry_point(argv: list[str]) -> int:
    print(FNV_OFFSET, r_uint(18446744073709551615), fnv1a("kiln"), fnv1a(""))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
