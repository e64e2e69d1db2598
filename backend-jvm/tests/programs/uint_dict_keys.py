from kiln.rarith import r_uint


def entry_point(argv: list[str]) -> int:
    d: dict[r_uint, int] = {}
    big = r_uint(1) << 63
    d[big] = 5
    d[r_uint(3)] = 4
    print(d[big], len(d))
    try:
        print(d[big + r_uint(1)])
    except KeyError as e:
        print("KeyError", str(e))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
