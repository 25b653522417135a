let a = 1
let b = 2
if a < b < print("lt") > else < print("ge") >
if b < a < print("lt") > else < print("ge") >
