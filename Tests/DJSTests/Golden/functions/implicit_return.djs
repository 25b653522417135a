fn double(x) < x * 2 >
fn last(xs) <
  let n = len(xs)
  xs[n - 1]
>
fn nothing() < let x = 1 >
print(double(4), last([1, 2, 3]), nothing())
