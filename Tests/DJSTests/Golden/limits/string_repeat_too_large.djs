print("abc" * 100000000)
