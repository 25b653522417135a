let a = 5
if a > 3 < print("big") >
while a > 3 < a = a - 1 >
print(a)
