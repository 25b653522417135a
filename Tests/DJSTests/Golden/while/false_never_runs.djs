while false < print("never") >
print("done")
