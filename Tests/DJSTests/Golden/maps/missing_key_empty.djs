let m = {}
print(m.anything)
