for x in [10, 20, 30] < print(x) >
