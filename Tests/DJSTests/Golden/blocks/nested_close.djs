let xs = [1, 2, 3, 4]
for x in xs < if x % 2 == 0 < print(x) > >
for x in xs < for y in xs where y > x < if x + y == 5 < print(x, y) > > >
