let fs = []
for i in range(3) < push(fs, fn() < i >) >
print(map(fs, fn(f) < f() >))
let gs = []
for i in range(3) <
  let captured = i
  push(gs, fn() < captured >)
>
print(map(gs, fn(g) < g() >))
# To keep each value, create the closure in a function call: each call has its own variables.
fn constant(v) < fn() < v > >
let hs = [constant(i) for i in range(3)]
print(map(hs, fn(h) < h() >))
