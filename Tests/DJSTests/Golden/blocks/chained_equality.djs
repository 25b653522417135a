print(1 == 1 == true)
