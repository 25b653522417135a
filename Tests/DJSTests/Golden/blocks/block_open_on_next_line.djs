let xs = [1, 2, 3]
if len(xs) > 2
<
  print("Allman style")
>
for x in xs where x > 1
<
  print(x)
>
fn f()
< "fn too" >
print(f())
