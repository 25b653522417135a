# sort, min and max need a total order: null cannot be placed.
print(sort([3, null, 1]))
