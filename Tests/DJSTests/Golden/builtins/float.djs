print(float(1), float("2.5"), float("-1e2"), float(0.5))
