print((5).size)
