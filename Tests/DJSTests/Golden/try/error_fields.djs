try < let x = [1][5] > catch e < print(e.message, e.line, e.column) >
try <
  let y = 1 / 0
> catch e <
  print(e)
>
