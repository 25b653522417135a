let f = fn(x) < x.missing >
f({"a": 1})
