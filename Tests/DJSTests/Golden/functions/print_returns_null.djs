print(print("inner"))
