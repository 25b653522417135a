print([for x in [1, 2] where x])
