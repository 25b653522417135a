push("abc", "d")
