let r = range(1, 10, 3)
print(r, len(r), r[0], r[-1], 4 in r, 5 in r)
print(range(3), range(5, 0, -2), [x for x in range(5, 0, -2)])
print(range(3) == range(0, 3))
