let d = 5x
