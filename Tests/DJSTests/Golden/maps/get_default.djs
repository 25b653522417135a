let m = {"a": 1}
print(get(m, "a"), get(m, "b"), get(m, "b", "fallback"))
