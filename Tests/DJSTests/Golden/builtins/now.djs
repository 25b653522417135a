let t = now()
print(type(t), now() >= t, t > time("2020-01-01"))
