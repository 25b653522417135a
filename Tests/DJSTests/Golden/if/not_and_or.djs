let a = true
let b = false
if not b < print("not b") >
if a and not b < print("a and not b") >
if b or a < print("b or a") >
print(not a, a and b, a or b, not (a and b))
