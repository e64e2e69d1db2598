"""Writes the expected outputs of the guest programs: what CPython prints
running `main.py` on each `programs/NAME.tiny` (`NAME.out`) and, for
`programs/errors/`, also the standard error with the programs directory
removed from paths (`NAME.err`).

    python3 examples/tinyvm/expected.py
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROGRAMS = os.path.join(HERE, "programs")


def run(path):
    r = subprocess.run(
        [sys.executable, os.path.join(HERE, "main.py"), path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python")),
    )
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def main():
    failed = False
    for sub, errors in (("", False), ("errors", True)):
        d = os.path.join(PROGRAMS, sub)
        for name in sorted(os.listdir(d)):
            if not name.endswith(".tiny"):
                continue
            base = os.path.join(d, name[: -len(".tiny")])
            status, out, err = run(base + ".tiny")
            with open(base + ".out", "w") as f:
                f.write(out)
            if errors:
                with open(base + ".err", "w") as f:
                    f.write(err.replace(PROGRAMS + "/", ""))
            if status != (1 if errors else 0):
                print("%s: exit status %d\n%s" % (name, status, err))
                failed = True
            print(os.path.join(sub, name), "exit", status)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
