let items = [{"k": 1, "v": "a"}, {"k": 0, "v": "b"}, {"k": 1, "v": "c"}, {"k": 0, "v": "d"}]
print([i.v for i in sort(items, fn(i) < i.k >)])
