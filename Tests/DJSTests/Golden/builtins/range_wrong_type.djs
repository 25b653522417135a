print(range("5"))
