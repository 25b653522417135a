print(keys([1, 2]))
