let fs = []
for i in range(3) < push(fs, fn() < i >) >
print(fs[0](), fs[1](), fs[2]())
