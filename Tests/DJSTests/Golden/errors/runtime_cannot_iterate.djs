for x in null < print(x) >
