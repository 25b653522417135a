let x = 1
print(x)
x = x + 1
print(x)
let s = "a"
s = s + "b"
print(s)
x = "now a string"
print(x)
