while true
  print("x")
