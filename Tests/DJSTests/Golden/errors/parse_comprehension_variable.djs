print([x for 1 in [1]])
