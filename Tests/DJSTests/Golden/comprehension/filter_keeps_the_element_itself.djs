# [for x in xs where c] keeps each element as the loop produced it, even when the
# condition runs a function that changes the loop variable.
fn call_then_true(g) <
    g()
    return true
>
print([for x in [1, 2, 3] where call_then_true(fn() < x = x * 10 >)])
# The same inside try, which runs on the closure compiler.
try < print([for x in [1, 2, 3] where call_then_true(fn() < x = x * 10 >)]) > catch e < print(e.message) >
