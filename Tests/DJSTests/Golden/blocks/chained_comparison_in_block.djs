let a = 3
let b = 2
let c = 1
if true < let x = a > b > c >
