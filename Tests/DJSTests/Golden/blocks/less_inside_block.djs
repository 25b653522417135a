let a = 1
let b = 2
if true < print(a < b) >
if true < let lt = a < b; print(lt) >
while a < b < a = a + 1 >
print(a)
