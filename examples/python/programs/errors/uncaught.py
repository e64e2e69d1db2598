# A user exception escaping every handler, raised deep in a call chain.
class InventoryError(Exception):
    pass


def take(stock, item, n):
    if stock.get(item, 0) < n:
        raise InventoryError("not enough %s: want %d, have %d" % (item, n, stock.get(item, 0)))
    stock[item] -= n


def order(stock, items):
    for item, n in items:
        take(stock, item, n)
        print("took", n, item)


stock = {"apple": 5, "pear": 1}
try:
    order(stock, [("apple", 2), ("plum", 1)])
except KeyError:
    print("not this handler")
finally:
    print("cleanup")
