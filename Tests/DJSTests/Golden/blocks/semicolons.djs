let a = 1; let b = 2; print(a + b)
if true < print("x"); print("y") >;;; print("z")
