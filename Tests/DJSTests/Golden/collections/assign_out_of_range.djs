let xs = [1, 2]
xs[-3] = 0
