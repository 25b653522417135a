print("ab" + "cd", "ab" * 3, 2 * "xy", "x" * 0)
let parts = []
for i in range(3) < push(parts, str(i)) >
print(join(parts, ","))
