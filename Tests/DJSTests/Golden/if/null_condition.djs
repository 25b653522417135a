if null < print("x") >
