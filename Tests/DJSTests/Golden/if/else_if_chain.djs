fn describe(n) <
  if n < 0 < return "negative" >
  else if n == 0 < return "zero" >
  else if n < 10 < return "small" >
  else < return "large" >
>
for n in [-5, 0, 7, 100] < print(n, describe(n)) >
