let a = 1
let b = 2
let c = 3
if a < b and b < c < print("both") >
if a > b or b < c < print("either") >
for x in [1, 2, 3] where x > 1 and x < 3 < print(x) >
