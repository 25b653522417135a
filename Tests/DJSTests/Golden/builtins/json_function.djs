print(json({"f": print}))
