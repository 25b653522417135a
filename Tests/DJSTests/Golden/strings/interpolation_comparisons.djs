let a = 1
let b = 2
if true < print("${a < b} ${a > b}") >
