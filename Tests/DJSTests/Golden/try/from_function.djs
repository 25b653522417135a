fn risky(n) < if n > 2 < error("too big: ${n}") >; n >
for n in range(5) <
  try < print(risky(n)) > catch e < print("error", e.message) >
>
