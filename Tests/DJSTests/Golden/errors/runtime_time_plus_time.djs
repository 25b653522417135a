print(now() + now())
