print(args, len(args), args[1])
for a in args < print(a) >
