print([k for k in {"a": 1, "b": 2}])
print([upper(c) for c in "abc"])
