try < exit(4) > catch e < print("caught exit?") >
print("not reached")
