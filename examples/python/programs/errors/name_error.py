# A run-time error: an undefined name inside a function.
def greet(who):
    print("hello", who)
    return greeting + who


print("start")
greet("world")
print("not reached")
