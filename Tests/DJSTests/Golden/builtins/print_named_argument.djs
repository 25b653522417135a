print("x", sep: ",")
