let = 1
print(1 +)
if true print(2)
let y 3
print("end")
