fn f(a, b) < a >
f(1, c: 2)
