print(str(1), str(1.5), str(null), str(true), str("s"), str([1, "a"]), str({"k": "v"}), str(90s))
print(len(str(12345)))
