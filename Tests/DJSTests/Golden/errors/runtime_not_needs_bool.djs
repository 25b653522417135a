print(not 1)
