fn f() < "function" >
let f = 1
