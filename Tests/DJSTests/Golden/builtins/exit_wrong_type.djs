exit("1")
