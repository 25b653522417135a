print(1h + 30m, 2h - 30m, 2h * 3, 3 * 2h, 2h / 4, 1h * 1.5)
print(1h / 30m, 90s % 1m, -(5m))
print(1d - 1ms, 100000d)
print(1h > 30m, 1h == 60m, 500ms < 1s)
