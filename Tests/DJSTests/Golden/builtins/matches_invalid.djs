print(matches("x", "("))
