# list: index (negative too), item assignment, slices with any step, slice
# assignment, len, append pop insert extend reverse index remove count, in,
# + and *, ==, list(), [x] * n, del, aliasing.


def entry_point(argv: list[str]) -> int:
    xs = [5, 3, 8, 1]
    print(xs, len(xs), xs[0], xs[-1], xs[-4])
    xs[1] = 30
    xs[-1] = 10
    print(xs)
    xs.append(7)
    xs.insert(0, 99)
    xs.insert(100, 100)
    xs.insert(-1, -1)
    print(xs, xs.pop(), xs.pop(0), xs.pop(-2), xs)
    xs.extend([4, 4])
    print(xs, xs.index(4), xs.count(4), 8 in xs, 9 in xs, 9 not in xs)
    xs.remove(4)
    xs.reverse()
    print(xs)
    ys = xs[1:3] + xs[::2] + xs[::-1] + xs[-2:] + xs[5:1:-2]
    print(ys)
    zs = [0] * 5
    zs[1:3] = [7, 8, 9]
    print(zs, [1, 2] * 2, 2 * ["a"], [] * 3)
    zs[:] = [1]
    print(zs)
    del ys[0]
    del ys[1:3]
    del ys[::3]
    print(ys)
    alias = ys
    alias.append(1000)
    copy = list(ys)
    copy.append(2000)
    print(len(ys), len(copy), alias is ys, copy == ys, [1, 2] == [1, 2], [1] != [1, 2])
    print(list(range(5)), list(range(10, 0, -3)), list("hey"))
    grid = [[0] * 3 for i in range(2)]
    grid[0][1] = 5
    print(grid)
    names = ["b", "a"]
    names += ["c"]
    print(names, min([3, 1, 2]), max([2.5, -1.0]), sum([1, 2, 3]), sum([0.5, 0.25]))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
