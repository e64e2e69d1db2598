# Lists, tuples, dicts and sets: methods, slicing, comprehensions,
# unpacking, sorting, membership, equality and ordering.

nums = [5, 3, 8, 1, 9, 2]
nums.append(7)
nums.insert(0, 10)
nums.extend([4, 6])
print(nums, len(nums), nums.index(8), nums.count(3), 9 in nums, 11 in nums)
print(nums.pop(), nums.pop(0), nums, nums.remove(1), nums)
nums.sort()
print(nums, nums[::-1], nums[1:4], nums[-2:], nums[::3])
nums.reverse()
print(nums, sorted(nums), sorted(nums, reverse=True), nums)
nums[2:4] = [100, 200, 300]
del nums[0]
del nums[-2:]
print(nums, nums * 2, [0] * 3 + [1], min(nums), max(nums), sum(nums))
grid = [[0] * 3 for _ in range(3)]
for i in range(3):
    grid[i][i] = i + 1
grid[0][2] += 5
print(grid, [row[::-1] for row in grid], [[r[c] for r in grid] for c in range(3)])
pairs = [(x, y) for x in range(3) for y in range(x) if (x + y) % 2 == 1]
print(pairs, [x for x, _ in pairs], list(zip([1, 2, 3], "abc")), list(enumerate("xy", 1)))
a, *rest = [1, 2, 3, 4]
*init, last = "hello"
first, (second, third), fourth = 1, (2, 3), 4
print(a, rest, init, last, first, second, third, fourth)
x, y = 1, 2
x, y = y, x
print(x, y)

t = (3, 1, 2)
print(t, t[0], t[1:], len(t), t + (4,), t * 2, t.index(2), t.count(1), (1,), (), tuple([1, 2]), tuple("ab"))
print((1, 2) < (1, 3), (1, 2, 3) > (1, 2), [1, 2] == [1, 2], [1, [2, 3]] == [1, [2, 3]], (1, "a") != (1, "b"))
print(sorted([(2, "b"), (1, "z"), (2, "a"), (1, "a")]), max([(1, 2), (1, 3)]), [3, 1] < [3, 2])

d = {"one": 1, "two": 2}
d["three"] = 3
d["one"] = 11
print(d, len(d), d["two"], d.get("four"), d.get("four", 4), "one" in d, "four" not in d)
print(list(d.keys()), list(d.values()), list(d.items()))
for k in d:
    print(k, end=" ")
print()
for k, v in sorted(d.items()):
    print(k, "->", v, end="; ")
print()
print(d.pop("two"), d, d.setdefault("five", 5), d.setdefault("one", 0), d)
del d["five"]
d.update({"six": 6}, seven=7)
print(d, dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict(zip("ab", [1, 2])))
squares = {n: n * n for n in range(6) if n % 2 == 0}
print(squares, {v: k for k, v in squares.items()}, d == dict(d), {} == {}, {1: 2} == {1: 3})
keys = {(1, 2): "tuple", 3: "int", 4.0: "float", "s": "str", True: "bool"}
print(keys[(1, 2)], keys[3], keys[4], keys[1], keys["s"], len(keys))
nested = {"a": {"b": [1, 2, {"c": 3}]}}
nested["a"]["b"][2]["c"] += 10
print(nested, nested.copy() == nested)
inventory = {}
for item in ["apple", "pear", "apple", "fig", "pear", "apple"]:
    inventory[item] = inventory.get(item, 0) + 1
print(inventory, max(inventory, key=inventory.get), sorted(inventory, key=lambda k: inventory[k]))

s = {3, 1, 2}
s.add(4)
s.discard(10)
s.remove(1)
print(sorted(s), len(s), 2 in s, 1 in s, sorted(set("hello")), sorted({x % 3 for x in range(10)}))
print(sorted(s.union({9})), sorted(s.intersection([2, 3, 7])), sorted(s.difference({2})), set() == set(), {1, 2} == {2, 1})
print(len(set([1, 1, 2, 2, 3])), {1, 2} <= {1, 2, 3}, {1, 2, 3} > {1, 2}, set([1]).issubset([1, 2]))
print(any([0, 0, 1]), all([1, 1, 0]), any([]), all([]), any(x > 3 for x in [1, 5]), all(x > 0 for x in range(1, 4)))
print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -4)), range(3)[1], len(range(0, 100, 7)), 5 in range(10))
print(list(reversed([1, 2, 3])), list(reversed(range(4))), "".join(reversed("abc")), list(map(str, [1, 2])))
matrix = [[1, 2], [3, 4], [5, 6]]
print([sum(row) for row in matrix], [list(col) for col in zip(*matrix)], sum(sum(r) for r in matrix))
stack = []
for c in "(()(()))":
    if c == "(":
        stack.append(len(stack))
    else:
        stack.pop()
print("balanced" if not stack else "unbalanced", bool([]), bool([0]), bool({}), bool(()), not None)
print([1, 2, 3][-1], [][:5], [1, 2, 3][5:], list("abc")[::-1], [i for i in range(20) if i % 3 == 0][-2:])
