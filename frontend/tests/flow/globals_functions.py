hits = 0
limit = 5


def bump() -> int:
    global hits, created
    hits += 1
    created = True
    return hits


def read_only() -> int:
    return hits + limit
