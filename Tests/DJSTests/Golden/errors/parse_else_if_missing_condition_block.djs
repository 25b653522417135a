if false < print(1) > else if true print(2)
