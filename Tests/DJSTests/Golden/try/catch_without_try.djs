catch e < print(1) >
