fn f() <
  if true <
    print(1)
