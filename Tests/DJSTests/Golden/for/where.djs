for x in range(10) where x % 3 == 0 < print(x) >
