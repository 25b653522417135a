print(upper("a", "b"))
