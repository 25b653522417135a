if true <
  let y = 1
  let y = 2
>
