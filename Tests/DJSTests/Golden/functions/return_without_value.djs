fn early(x) <
  if x < return >
  "late"
>
print(early(true), early(false))
