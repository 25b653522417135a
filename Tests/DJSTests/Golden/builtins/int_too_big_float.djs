print(int(1e30))
