let i = 0
let n = 0
while i < 200000 < i = i + 1; if i % 2 == 0 < n = n + 1 > >
print(i, n)
