let xs = []
push(xs, 1)
print(push(xs, 2), xs)
