print(time("2024-02-30T00:00:00Z"))
