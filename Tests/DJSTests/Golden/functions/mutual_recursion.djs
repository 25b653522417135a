fn is_even(n) < if n == 0 < return true >; is_odd(n - 1) >
fn is_odd(n) < if n == 0 < return false >; is_even(n - 1) >
print(is_even(10), is_odd(7), is_even(3))
