let n = 5
n.field = 1
