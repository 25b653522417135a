let ok = true
if ok print("no block")
