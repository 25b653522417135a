if true < print("open")
