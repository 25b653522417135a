print(upper(5))
