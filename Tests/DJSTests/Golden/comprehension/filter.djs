let xs = [{"n": 5}, {"n": 500}, {"n": 50}]
print([for j in xs where j.n < 100])
print([for x in range(10) where x % 4 == 0])
print([for x in [] where true])
