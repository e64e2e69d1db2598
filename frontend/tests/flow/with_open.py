def read_first(path: str) -> str:
    with open(path) as f:
        line = f.readline()
    return line


def write_and_return(path: str, text: str) -> int:
    with open(path, "w") as out:
        out.write(text)
        return len(text)
