def entry_point(argv: list[str]) -> int:
    d: dict[int, str] = {}
    seed = 12345
    log = 0
    for step in range(200000):
        seed = (seed * 1103515245 + 12345) % 2147483648
        k = seed % 300 - 150
        action = seed % 7
        if action < 3:
            d[k] = "v" + str(step)
        elif action == 3:
            if k in d:
                del d[k]
        elif action == 4:
            log += len(d.pop(k, "none"))
        elif action == 5:
            log += len(d.get(k, ""))
        else:
            if step % 1000 == 0:
                ks = list(d.keys())
                log += len(ks) + (ks[0] if ks else 0)
    items = list(d.items())
    print(len(d), log, items[:5], items[-3:])
    total = 0
    for k in d:
        total += k
    print(total, list(d.values())[:3])
    e: dict[int, float] = {}
    for i in range(100):
        e[i * 1000003] = i / 7
    for i in range(0, 100, 3):
        del e[i * 1000003]
    print(len(e), list(e.values())[:4], sum(list(e.values())))
    try:
        print(e[3])
    except KeyError as ex:
        print("KeyError", str(ex))
    d.clear()
    print(len(d), list(d.items()))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
