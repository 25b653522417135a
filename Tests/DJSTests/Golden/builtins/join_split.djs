print(join(["a", "b", "c"], ", "), join([1, null, true], "-"), join([]), join(["x", "y"]))
print(split("a,b,,c", ","), split("  lots   of space "), split("abc", "x"), split("", ","))
