print(1h / 0)
