let count = 0
cuont = 1
