print([], [1, 2, 3], [1, "a", null, true])
print({}, {"a": 1, "b": [2, 3]}, {name: "x", "two words": 2})
print([[1, 2], [3]], {"m": {"n": null}})
