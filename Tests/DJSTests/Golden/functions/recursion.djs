fn fact(n) < if n <= 1 < return 1 >; n * fact(n - 1) >
fn fib(n) < if n < 2 < return n >; fib(n - 1) + fib(n - 2) >
print(fact(20), fib(20))
