print(sort([1, "a"]))
