let x = "outer"
if true <
  let x = "inner"
  print(x)
>
print(x)
let n = 0
if true < n = 5 >
print(n)
