try < error(42) > catch e < print(e.message, type(e.message)) >
try < error([1, "a"]) > catch e < print(e.message) >
