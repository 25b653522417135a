print(map([1, 2], 5))
