let xs = [1, 2]
for x in xs < push(xs, x * 10) >
print(xs)
