let ok = true
let a = 3
let b = 2
if ok < let x = a > b; print(x) >
if ok < let y = b > a; print(y) >
