let m = {}
m[1] = "one"
