# An uncaught exception without a message: stderr's last line is the class
# name alone.


class Stop(Exception):
    pass


def entry_point(argv: list[str]) -> int:
    print("about to stop")
    raise Stop()


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
