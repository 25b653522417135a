let s = "line one
line two"
print(s)
print(len(split(s, "\n")))
let r = 'raw one
raw two'
print(r)
