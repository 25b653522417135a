let t = now()
print(type(t))
print(now() >= t)
print(t > time("2024-01-01T00:00:00Z"))
print(now() - 1d < now())
let age = now() - t
print(age >= 0s, age < 1h)
