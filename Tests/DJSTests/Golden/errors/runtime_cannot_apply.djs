print("count: " + 5)
