print("bad \q escape")
