print(int(7), int(7.9), int(-7.9), int("12"), int("-3"), int(true), int(2s))
