# finally on every exit path: fall-through, return, break, continue, an
# exception caught outside, an exception caught inside; nested cleanup order.


def on_return(x: int) -> int:
    try:
        if x > 0:
            return x
        print("  no early return")
    finally:
        print("  finally after", x)
    return -1


def on_raise(x: int) -> int:
    try:
        try:
            if x == 1:
                raise ValueError("one")
            return x
        finally:
            print("  inner finally")
    finally:
        print("  outer finally")


def return_in_finally_order(log: list[str]) -> str:
    try:
        log.append("body")
        return "result"
    finally:
        log.append("cleanup")


def entry_point(argv: list[str]) -> int:
    print(on_return(5))
    print(on_return(0))
    print(on_raise(2))
    try:
        on_raise(1)
    except ValueError as e:
        print("caught", e)
    for i in range(4):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("body", i)
        finally:
            print("finally", i)
    log: list[str] = []
    print(return_in_finally_order(log), log)
    i = 0
    while True:
        try:
            i += 1
            if i > 2:
                raise KeyError("stop")
        except KeyError as e:
            print("stop at", i, e)
            break
        finally:
            print("loop finally", i)
    try:
        try:
            raise IndexError("deep")
        finally:
            print("cleanup 1")
    except IndexError as e:
        print("handled", e)
    finally:
        print("cleanup 2")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
