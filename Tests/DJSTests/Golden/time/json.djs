print(json({"at": time("2024-01-01T00:00:00Z"), "every": 90s}))
