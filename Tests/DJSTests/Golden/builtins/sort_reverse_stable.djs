let items = [{"k": 1, "v": "a"}, {"k": 2, "v": "b"}, {"k": 1, "v": "c"}]
print([i.v for i in sort(items, fn(i) < i.k >, reverse: true)])
