let f = 1
fn f() < 2 >
print(f())
