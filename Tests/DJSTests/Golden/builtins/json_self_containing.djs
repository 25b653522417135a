let a = []
push(a, a)
print(json(a))
