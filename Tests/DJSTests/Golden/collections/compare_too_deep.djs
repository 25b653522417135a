let b = []
for i in range(20000) < b = [b] >
print(b < b)
