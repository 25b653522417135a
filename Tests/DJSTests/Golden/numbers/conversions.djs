print(int(3.9), int(-3.9), int("42"), int(" 7 "), int(true), int(false))
print(float(2), float("2.5"), float(" 1e3 "))
print(int(90s), int(time("1970-01-01T00:00:01Z")))
