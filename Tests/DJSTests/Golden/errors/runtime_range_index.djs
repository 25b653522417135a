print(range(3)[3])
