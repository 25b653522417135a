let m = {"a": 1, "b": 2}
print(m.a, m["b"], len(m))
m.c = 3
m["d"] = 4
m.a = 100
print(m)
print(keys(m), values(m))
print("a" in m, "z" in m, 1 in m)
