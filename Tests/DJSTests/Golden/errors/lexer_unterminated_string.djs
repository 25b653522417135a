print("never closed)
