let m = {}
print(m.1)
