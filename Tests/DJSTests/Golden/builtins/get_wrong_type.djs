print(get("abc", 1))
