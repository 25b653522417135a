print(contains([1, 2], 2), contains([1, 2], 3), contains("hello", "ell"), contains({"a": 1}, "a"), contains(range(3), 2))
