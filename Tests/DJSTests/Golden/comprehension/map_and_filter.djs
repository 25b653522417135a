print([x * x for x in range(5)])
print([x * x for x in range(5) where x % 2 == 1])
let v = 1
print(["${k}=${v}" for k in ["a", "b"] where k != "b"])
print([v + x for x in [1, 2]])
