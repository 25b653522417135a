let n = 5
if true < print(n > 3) >
if true < let big = n > 3 >
if true < n > 3 >
let f = fn(x) < x > 3 >
print(f(4), f(2))
print(filter([1, 5, 9], fn(x) < x > 4 >))
