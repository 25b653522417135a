for c in "hé!" < print(c) >
