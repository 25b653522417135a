print(type(null), type(true), type(1), type(1.5), type("s"), type(now()), type(1s))
print(type([]), type({}), type(range(1)), type(fn() < 1 >), type(print))
