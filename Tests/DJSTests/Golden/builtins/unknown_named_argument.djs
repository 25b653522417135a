print(sort([1], by: 1))
