let a = [1, 2]
let b = a
push(b, 3)
print(a, a == b)
let c = a + []
push(c, 4)
print(a, c)
