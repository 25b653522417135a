for x in range(5) <
  try < if x == 2 < break >; print(x) > catch e < print("no") >
>
