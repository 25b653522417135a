print(range(4), range(1, 4), range(0, 10, 5), range(3, 0, -1))
print([x for x in range(-2, 2)])
print(len(range(0, 10, 3)), len(range(5, 5)), len(range(5, 0)))
