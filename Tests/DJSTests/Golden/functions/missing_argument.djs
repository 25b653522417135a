fn f(a, b, c) < a >
f(1)
