let xs = [1, 2, 3]
for x in xs <
  let double = x * 2
  print(double)
>
if len(xs) > 2
<
  print("long")
>
