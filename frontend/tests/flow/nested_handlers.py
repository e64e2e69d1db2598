# try/except/finally inside `with` inside try/except/finally inside a loop:
# clean-ups run innermost first on return, continue, break and exceptions.
def f(xs: list[int], path: str) -> int:
    total = 0
    for x in xs:
        try:
            with open(path) as fh:
                try:
                    total += int(fh.read())
                except ValueError as e:
                    if x > 3:
                        return -1
                    continue
                finally:
                    total += 1
            ys = [y * 2 for y in xs if y < x and 0 < y <= 9]
        except OSError:
            break
        finally:
            print("after", x)
    return total
