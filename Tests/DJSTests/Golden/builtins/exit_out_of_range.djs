exit(256)
