print(1d * 1e300)
