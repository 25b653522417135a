print(env(1))
