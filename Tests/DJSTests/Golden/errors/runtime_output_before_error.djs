print("one")
print("two")
let x = [1][3]
print("three")
