# A local variable read before assignment.
total = 10


def bump():
    total += 1
    return total


print("calling")
bump()
