let m = {"x": 1, "y": [2]}
print(keys(m), values(m), keys({}), values({}))
