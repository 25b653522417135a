let xs = [1]
if len(xs) < print("truthy?") >
