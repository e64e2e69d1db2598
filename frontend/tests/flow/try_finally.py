def cleanup() -> None:
    print("cleanup")


def on_return(n: int) -> str:
    try:
        if n > 0:
            return "positive"
        print("body")
    finally:
        cleanup()
    return "done"


def in_loop(n: int) -> None:
    for i in range(n):
        try:
            if i == 1:
                continue
            if i == 4:
                break
        finally:
            cleanup()


def with_handlers(n: int) -> int:
    try:
        r = 100 // n
    except ZeroDivisionError:
        r = 0
    finally:
        cleanup()
    return r
