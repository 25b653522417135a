fn add(a, b) < return a + b >
print(add(1, 2))
fn greet(name) <
  print("hello " + name)
>
greet("djs")
print(greet("again"))
