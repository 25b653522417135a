fn find(xs, target) <
  for x in xs < if x == target < return "found ${x}" > >
  "missing"
>
print(find([1, 2, 3], 2), find([1], 5))
