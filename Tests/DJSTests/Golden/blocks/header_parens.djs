let a = 1
let b = 2
if (a < b) < print("parenthesised") >
if (a < b) == true < print("compare a comparison") >
