print(json(null), json(true), json(1), json(1.5), json(2.0), json("a\"b\n"), json([1, "a"]), json({"k": [null]}))
print(json(range(3)), json(90s), json(time("2024-01-01T00:00:00.5Z")))
print(json("tab\tctl\u{1}"))
