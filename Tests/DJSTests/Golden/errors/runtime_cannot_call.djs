let m = {"f": 1}
m.f()
