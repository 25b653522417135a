fn depth(n) < if n == 0 < return 0 >; 1 + depth(n - 1) >
print(depth(4000))
