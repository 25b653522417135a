let a = 3
let b = 2
let c = 1
if a > b > c < print("x") >
