try < print("fine") > catch e < print("never") >
