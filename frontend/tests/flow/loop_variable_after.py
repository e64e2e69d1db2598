def last_item(words: list[str]) -> str:
    for w in words:
        if w.startswith("c"):
            break
    return w


def search(target: int) -> int:
    x = 1
    found = False
    while x < 10 and not found:
        y = x
        while y < 10:
            if x * y == target:
                found = True
                break
            y += 1
        if not found:
            x += 1
    return y
