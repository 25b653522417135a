fn counter() <
  let n = 0
  fn() < n = n + 1; n >
>
let c1 = counter()
let c2 = counter()
c1()
c1()
print(c1(), c2())
