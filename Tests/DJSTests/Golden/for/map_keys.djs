let m = {"b": 2, "a": 1, "c": 3}
for k in m < print(k, m[k]) >
