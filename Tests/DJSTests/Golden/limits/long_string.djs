let s = "x" * 100000
print(len(s), len(s + s))
