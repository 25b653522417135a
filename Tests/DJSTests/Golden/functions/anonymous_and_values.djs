let square = fn(x) < x * x >
print(square(5), type(square))
print(map([1, 2, 3], fn(x) < x + 1 >))
print(square, fn(x) < x >, print)
fn apply(f, x) < f(x) >
print(apply(square, 3), apply(fn(s) < upper(s) >, "a"))
