let xs = [1, 2, 3]
print(xs[0], xs[2], xs[-1], xs[-3], len(xs))
xs[0] = 10
xs[-1] = 30
print(xs)
print(xs + [4], xs)
print(2 in xs, 5 in xs, 5 not in xs)
