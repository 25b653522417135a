print()
print("a", 1, null, true, 1.5, 2h, [1, "a", null, true], {"k": "v"})
print("")
print("  spaced  ", "x")
