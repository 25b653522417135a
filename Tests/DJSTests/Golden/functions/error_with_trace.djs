fn outer() < middle() >
fn middle() < inner(1) >
fn inner(x) < error("boom ${x}") >
print("start")
outer()
