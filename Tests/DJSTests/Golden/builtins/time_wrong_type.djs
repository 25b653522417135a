print(time(true))
