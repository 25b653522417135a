try < error("x") > catch e print(e)
