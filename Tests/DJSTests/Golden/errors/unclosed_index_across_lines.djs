let xs = [1, 2]
let y = xs[0
print(y)
