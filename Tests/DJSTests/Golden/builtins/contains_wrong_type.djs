print(contains(5, 1))
