let a = [1]
push(a, a)
print(a, len(a))
let m = {"name": "m"}
m.me = m
print(m)
let b = [1, [1]]
let c = [1]
push(c, c)
print(a == c)
