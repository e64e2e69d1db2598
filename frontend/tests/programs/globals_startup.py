# Module-level statements run in order at start-up; constant tables,
# tables computed at start-up, `global` counters and a global object.
print("start-up 1")

PRIMES = [2, 3, 5, 7, 11]
NAMES = {"a": "alpha", "b": "beta"}
SQUARES = [i * i for i in range(6)]
GREETING = "hi " + NAMES["a"]
counter = 0
log: list[str] = []


class Registry:
    def __init__(self):
        self.items: list[str] = []


REGISTRY = Registry()
REGISTRY.items.append("boot")
print("start-up 2", len(SQUARES))


def bump() -> int:
    global counter
    counter += 1
    log.append("bump " + str(counter))
    return counter


def reset() -> None:
    global counter
    counter = 0


def entry_point(argv: list[str]) -> int:
    print("entry", GREETING, PRIMES[3], SQUARES)
    bump()
    bump()
    print(counter, log)
    reset()
    print(counter, bump())
    REGISTRY.items.append("run")
    print(REGISTRY.items, NAMES["b"])
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
