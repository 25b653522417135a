let x = 1
let get = fn() < x >
x = 2
print(get())
fn make() <
  let v = "before"
  let f = fn() < v >
  v = "after"
  f
>
print(make()())
