let t = time("2024-01-01T00:00:00Z")
print(t < 5)
