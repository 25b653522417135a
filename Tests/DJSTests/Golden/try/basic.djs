try <
  error("bad thing")
> catch e <
  print("caught:", e.message)
>
print("after")
