if true < print(1) > else print(2)
