# An uncaught user exception after some output: stderr's last line is
# `ExcName: message`, the exit status is 1, finally blocks run on the way out.


class ConfigError(Exception):
    pass


def load(name: str) -> int:
    try:
        if name == "":
            raise ConfigError("empty name at step " + str(3))
        return len(name)
    finally:
        print("load cleanup for", repr(name))


def entry_point(argv: list[str]) -> int:
    print("loading", load("abc"))
    print("loading", load(""))
    print("never printed")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
