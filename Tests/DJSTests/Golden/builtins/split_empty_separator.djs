print(split("abc", ""))
