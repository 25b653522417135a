print("value ${1 + 2")
