class AppError(Exception):
    pass


def handlers(n: int) -> int:
    try:
        r = 10 // n
    except ZeroDivisionError:
        r = -1
    except (ValueError, AppError) as e:
        print(e)
        raise
    except Exception as e:
        print("other", e)
        r = -2
    else:
        r += 1
    return r


def bare(n: int) -> int:
    try:
        v = int("x")
    except:
        v = 0
    return v


def nested(n: int) -> str:
    try:
        try:
            raise AppError("inner")
        except KeyError:
            return "key"
    except AppError as e:
        return "app"
    return "none"
