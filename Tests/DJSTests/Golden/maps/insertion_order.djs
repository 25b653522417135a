let m = {}
m.zebra = 1
m.apple = 2
m.mango = 3
m.zebra = 4
print(m, keys(m))
