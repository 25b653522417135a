print(sum([1, 2, 3]), sum([1, 2.5]), sum([]), sum([1h, 30m]), sum(range(101)))
print(min([3, 1, 2]), max([3, 1, 2]), min(4, 2, 8), max("a", "c", "b"))
print(min([2h, 30m]), max([time("2024-01-01T00:00:00Z"), time("2023-01-01T00:00:00Z")]))
