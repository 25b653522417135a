fn f(a, a) < a >
