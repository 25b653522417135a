print(1 and true)
