# A syntax error: a missing colon.
print("this line is fine")
def broken(x)
    return x
