print(aa)
bb = 1
let cc = 1
let cc = 2
