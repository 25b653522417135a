print(500ms, 30s, 5m, 2h, 1d, 1w)
print(90s, 1h30m, 2h30m, 1d2h3m4s5ms, 0s, 0ms)
print(-5m, 1_000ms)
print(type(1s))
