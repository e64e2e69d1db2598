# An exception escaping module-level code: the output before it is kept,
# entry_point never runs, stderr's last line names the exception, exit 1.

TABLE = {"a": 1}
print("loading")
VALUE = TABLE["b"]


def entry_point(argv: list[str]) -> int:
    print("never printed", VALUE)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
