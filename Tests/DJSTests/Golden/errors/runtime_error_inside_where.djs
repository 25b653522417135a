let xs = [{"n": 1}, {"m": 2}]
for x in xs where x.n > 0 < print(x) >
