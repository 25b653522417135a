print(zzzzzz)
