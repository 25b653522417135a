let seen = []
for x in [1, 2, 3] < push(seen, x) >
print(seen)
