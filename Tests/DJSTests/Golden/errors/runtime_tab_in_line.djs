let m = {}
	print(m.x)
