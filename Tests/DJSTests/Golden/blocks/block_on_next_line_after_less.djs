let a = 1
let b = 2
let c = 3
if a < b <
  c < 4
  print("new line opens the block")
>
