fn f() < try < return "from try" > catch e < return "from catch" > >
fn g() < try < error("x") > catch e < return "from catch" > >
print(f(), g())
