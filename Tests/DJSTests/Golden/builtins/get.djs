print(get({"a": 1}, "a"), get({"a": 1}, "z"), get({"a": 1}, "z", 0))
print(get([10, 20], 1), get([10, 20], 2), get([10, 20], 5, "none"), get([10, 20], -1))
