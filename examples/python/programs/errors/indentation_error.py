# An indentation error.
x = 1
if x:
    print(x)
      print("too far")
