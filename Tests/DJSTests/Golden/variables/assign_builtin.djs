len = 5
