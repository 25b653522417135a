let big = 4611686018427387904
print(big * 2)
