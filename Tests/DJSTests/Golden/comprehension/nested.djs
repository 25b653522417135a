let grid = [[1, 2], [3, 4]]
print([[x * 10 for x in row] for row in grid])
print([for row in grid where len([for x in row where x > 2]) > 0])
