fn compose(f, g) < fn(x) < f(g(x)) > >
let inc = fn(x) < x + 1 >
let dbl = fn(x) < x * 2 >
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
