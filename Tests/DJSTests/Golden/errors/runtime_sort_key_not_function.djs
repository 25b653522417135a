print(sort([1, 2], 5))
