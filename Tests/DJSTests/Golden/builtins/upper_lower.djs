print(upper("abc é"), lower("ABC É"), upper(""))
