for x in range(10) <
  if x == 2 < continue >
  if x == 5 < break >
  print(x)
>
for x in [1, 2] < for y in [1, 2] < if y == 2 < break >; print(x, y) > >
