let x = "outer"
print([x for x in [1, 2]])
print(x)
